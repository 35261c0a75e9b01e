using System.Globalization;
using RunnerHarness.Schema;

namespace RunnerHarness.Matrix;

/// <summary>
/// One sample of one matrix cell: the row a model-batch theory receives. Its properties fill the
/// record's dimension columns of the same names; <see cref="Dimensions"/> holds custom axes.
/// </summary>
public sealed record MatrixSample
{
    /// <summary>The model under test.</summary>
    public string? Model { get; init; }

    /// <summary>The provider serving the model; per-provider limits key on it.</summary>
    public string? Provider { get; init; }

    /// <summary>The prompt type.</summary>
    public string? PromptType { get; init; }

    /// <summary>The difficulty.</summary>
    public string? Difficulty { get; init; }

    /// <summary>The task type.</summary>
    public string? TaskType { get; init; }

    /// <summary>The simulated tool success rate, from 0 to 1.</summary>
    public double? ToolSuccessRate { get; init; }

    /// <summary>The flaw of a flawed prompt.</summary>
    public string? FlawType { get; init; }

    /// <summary>The sample number within the cell, from 0.</summary>
    public int SampleIndex { get; init; }

    /// <summary>Custom axes, by name. Compared by content.</summary>
    public IReadOnlyDictionary<string, string> Dimensions { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The cell's values without the sample index, e.g. <c>gpt-4o-mini | optimal | easy | simple_task | 0.8</c>.</summary>
    public string CellLabel => string.Join(" | ", CellValues().Select(v => v.Value));

    /// <summary>A readable row name, e.g. <c>gpt-4o-mini | optimal | easy | simple_task | 0.8 | #3</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{CellLabel} | #{SampleIndex}");

    /// <summary>The sample a record was made from: its cell columns, custom dimensions and sample index (0 when unset).</summary>
    public static MatrixSample FromRecord(ResultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new MatrixSample
        {
            Model = record.Model,
            Provider = record.Provider,
            PromptType = record.PromptType,
            Difficulty = record.Difficulty,
            TaskType = record.TaskType,
            ToolSuccessRate = record.ToolSuccessRate,
            FlawType = record.FlawType,
            SampleIndex = record.SampleIndex ?? 0,
            Dimensions = record.Dimensions is null ? new SortedDictionary<string, string>(StringComparer.Ordinal) : new SortedDictionary<string, string>(record.Dimensions, StringComparer.Ordinal),
        };
    }

    /// <summary>Copies the case's values into <paramref name="record"/>'s columns and dimensions.</summary>
    public void ApplyTo(ResultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        record.Model = Model;
        record.Provider = Provider;
        record.PromptType = PromptType;
        record.Difficulty = Difficulty;
        record.TaskType = TaskType;
        record.ToolSuccessRate = ToolSuccessRate;
        record.FlawType = FlawType;
        record.SampleIndex = SampleIndex;
        if (Dimensions.Count > 0)
        {
            record.Dimensions ??= new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in Dimensions)
            {
                record.Dimensions[name] = value;
            }
        }
    }

    /// <summary>The cell's named values in a fixed order (columns first, then custom axes by name), nulls left out.</summary>
    public IEnumerable<KeyValuePair<string, string>> CellValues()
    {
        (string Name, string? Value)[] columns =
        [
            (RecordColumns.Model, Model),
            (RecordColumns.Provider, Provider),
            (RecordColumns.PromptType, PromptType),
            (RecordColumns.Difficulty, Difficulty),
            (RecordColumns.TaskType, TaskType),
            (RecordColumns.ToolSuccessRate, (ToolSuccessRate is { } rate ? RecordDimensions.FormatRate(rate) : null)),
            (RecordColumns.FlawType, FlawType),
        ];
        foreach (var (name, value) in columns)
        {
            if (value is not null)
            {
                yield return new(name, value);
            }
        }

        foreach (var pair in Dimensions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            yield return pair;
        }
    }

    /// <summary>Whether two cases have the same values, custom dimensions compared by content.</summary>
    public bool Equals(MatrixSample? other) =>
        other is not null
        && SampleIndex == other.SampleIndex
        && CellValues().SequenceEqual(other.CellValues());

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (name, value) in CellValues())
        {
            hash.Add(name, StringComparer.Ordinal);
            hash.Add(value, StringComparer.Ordinal);
        }

        hash.Add(SampleIndex);
        return hash.ToHashCode();
    }
}
