
namespace RunnerHarness.Store;

/// <summary>How <see cref="StoreCompactor"/> merges files.</summary>
internal sealed record CompactionOptions
{
    /// <summary>The format of the merged files; <see langword="null"/> keeps each file's own format. Default: <see langword="null"/>.</summary>
    public StorageFormat? TargetFormat { get; init; }

    /// <summary>The format in which logs of dead writers are sealed before merging. Default: the target format, else JSON Lines.</summary>
    public StorageFormat RecoveryFormat => TargetFormat ?? StorageFormat.Json;

    /// <summary>At most this many records go into one merged file (also the Parquet row-group bound). Default: 250,000.</summary>
    public int RecordsPerFile { get; init; } = 250_000;

    /// <summary>
    /// At most about this many bytes of records (estimated from their strings and maps) go into one merged file, which
    /// is what a compaction holds in memory at once: large records make smaller files. Default: 256 MiB.
    /// </summary>
    public long BytesPerFile { get; init; } = 256L << 20;

    /// <summary>
    /// Called under the compaction lock with the exact list of source files the compaction took and every
    /// file that holds those records afterwards (merged, kept and untouched files), once the merged files
    /// are in place and before any source is removed. Throwing removes the merged files again and leaves
    /// the store as it was.
    /// </summary>
    public Action<IReadOnlyList<string>, IReadOnlyList<string>>? VerifyBeforeRemoving { get; init; }

    /// <summary>
    /// Called under the compaction lock before anything is written, with the files a newer harness wrote (path, and
    /// what makes it newer: <see cref="StoreProblemKind.NewerFormatFile"/>) among those the compaction would rewrite.
    /// Compaction keeps them in place, unread; throwing stops it with nothing written.
    /// </summary>
    public Action<IReadOnlyDictionary<string, string>>? NewerFilesFound { get; init; }

    /// <summary>
    /// Whether a Parquet source merged into Parquet has its decoded column arrays copied into the merged file's columns
    /// (no record made a row) rather than read as records. The merged files are byte-identical either way; false exists
    /// to prove that. Default: <see langword="true"/>.
    /// </summary>
    public bool CopyParquetColumns { get; init; } = true;

    /// <summary>Called after each source file is read, with the files read so far and the total, for progress displays.</summary>
    public Action<int, int>? Progress { get; init; }
}
