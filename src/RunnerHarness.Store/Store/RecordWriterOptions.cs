namespace RunnerHarness.Store;

/// <summary>Tuning of a <see cref="RecordWriter"/>. The defaults suit test runs; tests shorten them.</summary>
internal sealed record RecordWriterOptions
{
    /// <summary>The default options.</summary>
    public static RecordWriterOptions Default { get; } = new();

    /// <summary>
    /// How often the writer's thread hands appended records to the operating system. A killed process
    /// loses at most the records appended within this interval before it died. Default: 20 ms.
    /// </summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Whether <see cref="RecordWriter.Append(Schema.ResultRecord)"/> writes the record to the log on the calling thread before
    /// returning, so that it survives the process crashing as soon as the call returns. Costs a
    /// serialization and a write system call per record (microseconds) instead of a queue hand-off.
    /// The xUnit extension uses it: a test that crashes the host must not take earlier results with it.
    /// Default: <see langword="false"/>.
    /// </summary>
    public bool WriteThrough { get; init; }

    /// <summary>
    /// The most rows of a row group in the Parquet files this writer seals, each written while its segment fills. Default:
    /// <see cref="LiveParquetRowGroupSize"/>; tests lower it to stream several row groups from a few records.
    /// </summary>
    public int ParquetRowGroupSize { get; init; } = LiveParquetRowGroupSize;

    /// <summary>
    /// A live writer's row group: 100,000 rows, the default segment's size, so a default segment is one row group as before,
    /// while a larger segment's seal holds the buffers of 100,000 rows rather than of a bulk write's
    /// <see cref="Parquet.ParquetSegmentWriter.DefaultRowGroupSize"/> (files of 100,000-row groups are what the report bench
    /// reads; compaction merges them into larger groups).
    /// </summary>
    public const int LiveParquetRowGroupSize = 100_000;

    /// <summary>How many records a log segment takes before it is sealed into <c>data/</c> and a new one starts. Default: 100,000.</summary>
    public int SegmentRecordLimit { get; init; } = 100_000;

    /// <summary>
    /// How long a log segment that holds records may stay open before it is sealed, whatever its size; <see langword="null"/>
    /// for no limit. A store in object storage sets it: a sealed file is what gets uploaded, so this bounds what a machine
    /// that dies loses (its mirror, with the unsealed log, is gone with it). Default: <see langword="null"/>.
    /// </summary>
    public TimeSpan? SealInterval { get; init; }

    /// <summary>
    /// Called on the writer's thread after each segment is sealed (its data file, summary and transcripts are in place),
    /// e.g. to upload them. Must return quickly and never throw. Default: <see langword="null"/>.
    /// </summary>
    public Action? Sealed { get; init; }
}
