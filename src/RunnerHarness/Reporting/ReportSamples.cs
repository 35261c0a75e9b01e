using RunnerHarness.Schema;

namespace RunnerHarness.Reporting;

/// <summary>
/// The records the interactive HTML report embeds: the first <see cref="Limit"/> records read, whole. Beyond the
/// limit a record is only counted (<see cref="Skipped"/>); the page then says its samples cover part of the store
/// and its figures the whole of it.
/// </summary>
internal sealed class ReportSamples
{
    /// <summary>The default limit: a page of 100,000 samples is about 60 MB and loads in a few seconds.</summary>
    public const int DefaultLimit = 100_000;

    private readonly List<ResultRecord> _records = [];

    /// <summary>Creates a collection keeping up to <paramref name="limit"/> records.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The limit is negative.</exception>
    public ReportSamples(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        Limit = limit;
    }

    /// <summary>No samples collected (a report for a format other than HTML).</summary>
    public static ReportSamples None { get; } = new(0) { IsCollected = false };

    /// <summary>Whether records were offered at all; <see langword="false"/> for <see cref="None"/>.</summary>
    public bool IsCollected { get; private init; } = true;

    /// <summary>The most records kept.</summary>
    public int Limit { get; }

    /// <summary>The records kept, in the order read.</summary>
    public IReadOnlyList<ResultRecord> Records => _records;

    /// <summary>The records read past the limit, counted but not kept.</summary>
    public long Skipped { get; private set; }

    /// <summary>Keeps <paramref name="record"/> while under the limit, else counts it.</summary>
    public void Add(ResultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_records.Count < Limit)
        {
            _records.Add(record);
        }
        else
        {
            Skipped++;
        }
    }
}
