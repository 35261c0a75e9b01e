using RunnerHarness.Schema;

namespace RunnerHarness.Store;

/// <summary>
/// Which records a read yields: by run id, by time range of <c>finished_at</c>, and by dimension
/// column values (e.g. <c>model</c> in {a, b}). Empty parts let everything through.
/// </summary>
public sealed record RecordFilter
{
    /// <summary>A filter that lets every record through.</summary>
    public static RecordFilter None { get; } = new();

    /// <summary>Only records of these runs.</summary>
    public IReadOnlyList<string> RunIds { get; init; } = [];

    /// <summary>Only records finished at or after this instant (UTC).</summary>
    public DateTime? FinishedFrom { get; init; }

    /// <summary>Only records finished before this instant (UTC).</summary>
    public DateTime? FinishedBefore { get; init; }

    /// <summary>Only records whose column (a key of <see cref="RecordDimensions"/> or a custom dimension) has one of the values.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Dimensions { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Whether the filter lets everything through.</summary>
    public bool IsEmpty => RunIds.Count == 0 && FinishedFrom is null && FinishedBefore is null && Dimensions.Count == 0;

    /// <summary>The columns the filter needs to read.</summary>
    public IEnumerable<string> Columns
    {
        get
        {
            if (RunIds.Count > 0)
            {
                yield return RecordColumns.RunId;
            }

            if (FinishedFrom is not null || FinishedBefore is not null)
            {
                yield return RecordColumns.FinishedAt;
            }

            foreach (var name in Dimensions.Keys)
            {
                yield return RecordDimensions.IsColumn(name) ? name : RecordColumns.Dimensions;
            }
        }
    }

    /// <summary>Whether <paramref name="record"/> passes.</summary>
    public bool Matches(ResultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (RunIds.Count > 0 && (record.RunId is null || !RunIds.Contains(record.RunId, StringComparer.Ordinal)))
        {
            return false;
        }

        if ((FinishedFrom is { } from && !(record.FinishedAt >= from)) || (FinishedBefore is { } before && !(record.FinishedAt < before)))
        {
            return false;
        }

        foreach (var (name, values) in Dimensions)
        {
            var value = RecordDimensions.ValueOf(record, name);
            if (value is null || !values.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
