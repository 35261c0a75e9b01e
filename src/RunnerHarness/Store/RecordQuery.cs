namespace RunnerHarness.Store;

/// <summary>What a <see cref="StoreReader"/> reads: which columns, which records, and whether live logs count.</summary>
public sealed record RecordQuery
{
    /// <summary>Every column of every sealed record.</summary>
    public static RecordQuery All { get; } = new();

    /// <summary>The columns needed; the filter's columns are added to it. Default: all.</summary>
    public RecordProjection Projection { get; init; } = RecordProjection.All;

    /// <summary>Which records to yield. Default: all.</summary>
    public RecordFilter Filter { get; init; } = RecordFilter.None;

    /// <summary>Whether records still in live writers' logs (not yet sealed) are read too. Default: no.</summary>
    public bool IncludeLiveLogs { get; init; }
}
