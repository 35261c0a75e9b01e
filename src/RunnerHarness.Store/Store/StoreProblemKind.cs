namespace RunnerHarness.Store;

/// <summary>What is wrong with a store file.</summary>
public enum StoreProblemKind
{
    /// <summary>A file under <c>data/</c> cannot be read at all (truncated, wrong format, bad schema); readers skip it.</summary>
    CorruptFile,

    /// <summary>A JSON line does not parse; readers skip the line.</summary>
    BadLine,

    /// <summary>A write-ahead log ends in a partly written line, left by a killed writer; the line is dropped.</summary>
    TornLogTail,

    /// <summary>A file under <c>data/</c> is not a store file (neither <c>.jsonl</c> nor <c>.parquet</c>); readers ignore it.</summary>
    UnknownFile,

    /// <summary>A record id occurs more than once; readers count it once.</summary>
    DuplicateRecord,

    /// <summary>A write-ahead log whose writer is gone has not been sealed yet; the next writer, reader with write access, or <c>compact</c> seals it.</summary>
    OrphanedLog,

    /// <summary>A compaction merged a file but could not remove it; its records are in the merged files too, and readers count each once.</summary>
    UndeletedSource,

    /// <summary>
    /// Two files hold the same record id with different content; readers keep the copy with the earliest <c>finished_at</c>,
    /// then the smaller content hash (<see cref="CopyPrecedence"/>), and compaction keeps the other file in place.
    /// </summary>
    ConflictingDuplicate,

    /// <summary>A file under <c>data/</c> cannot be read at all by this process (permissions, a device error); readers skip it.</summary>
    UnreadableFile,

    /// <summary>
    /// Files kept vanishing while <c>verify</c> read them (a compaction ran beside it): the check is incomplete; or under a
    /// read's conflict plan each time it was made: a conflict may have been decided without a vanished file's copy.
    /// </summary>
    VanishedFile,

    /// <summary>A sealed file's summary did not match its checksum, its file or its layout; the file was read in full instead.</summary>
    DamagedSummary,

    /// <summary>
    /// A file written by a newer version of the harness (a higher <c>format_version</c>, or columns this version does not
    /// know): readers read its known columns; compaction and migration never rewrite it, which would drop the rest.
    /// </summary>
    NewerFormatFile,

    /// <summary>
    /// A symbolic link inside the store (under <c>data/</c>, <c>wal/</c>, <c>tmp/</c> or <c>summaries/</c>, or one of
    /// those folders itself): the store never follows it, for reading or deleting; what it points to is left alone.
    /// </summary>
    LinkedPath,
}
