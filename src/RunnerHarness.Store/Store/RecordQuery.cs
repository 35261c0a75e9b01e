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

    /// <summary>
    /// Whether the records in the logs of writers that are gone (killed before sealing; their lock is free) are read
    /// too, after every sealed file, each id once: they are results the next writer of their run or a compaction will
    /// seal, and the read changes nothing. <see cref="StoreReader.DeadWriterRecords"/> counts them. Default: yes.
    /// </summary>
    public bool IncludeDeadWritersLogs { get; init; } = true;

    /// <summary>
    /// Whether each <c>record_id</c> is yielded once. Default: yes. Turn it off only for reads whose answer is a
    /// set (which samples are held): a record seen twice adds nothing to a set, and the read then skips reading
    /// and hashing every id, most of its cost. Records then come without their <c>record_id</c> where the format allows.
    /// </summary>
    public bool Deduplicate { get; init; } = true;

    /// <summary>
    /// Whether only what the runs of <see cref="RecordFilter.RunIds"/> wrote themselves is read: the files under
    /// their <c>data/runs/&lt;run&gt;/</c> folders and, with <see cref="IncludeLiveLogs"/>, their writers' live logs.
    /// Default: no, every file under <c>data/</c>. Such a read costs what the runs hold, not what the store holds,
    /// but misses records of those runs that compaction, migration or import put elsewhere: right for a progress
    /// display while a run writes, wrong for a final count.
    /// </summary>
    public bool RunFoldersOnly { get; init; }

    /// <summary>
    /// Whether the records yielded carry their <c>record_id</c> (default). <see langword="false"/> lets a deduplicating
    /// read skip decoding the column in files whose ids its conflict plan proved unique with no repeat (a report's
    /// aggregations never read an id); other files, and a filter on ids, still yield them.
    /// </summary>
    internal bool YieldsRecordIds { get; init; } = true;
}
