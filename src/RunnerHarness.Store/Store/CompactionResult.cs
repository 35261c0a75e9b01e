namespace RunnerHarness.Store;

/// <summary>What a compaction did.</summary>
/// <param name="FilesRead">Source files merged and then removed.</param>
/// <param name="FilesWritten">Merged files renamed into <c>data/</c>.</param>
/// <param name="Records">Distinct records in the merged files.</param>
/// <param name="DuplicatesRemoved">Repeated records dropped.</param>
/// <param name="FilesKept">Files left in place because they were corrupt or had unreadable lines; see <paramref name="Problems"/>.</param>
/// <param name="Problems">What was found; nothing reported here was deleted.</param>
internal sealed record CompactionResult(
    IReadOnlyList<string> FilesRead,
    IReadOnlyList<string> FilesWritten,
    long Records,
    long DuplicatesRemoved,
    IReadOnlyList<string> FilesKept,
    IReadOnlyList<StoreProblem> Problems)
{
    /// <summary>Of <see cref="Records"/>, those merged by copying a Parquet source's decoded columns (<see cref="CompactionOptions.CopyParquetColumns"/>), with no record made for them.</summary>
    public long RecordsCopiedAsColumns { get; init; }

    /// <summary>Transcript files (under <c>transcripts/</c>) merged and then removed.</summary>
    public IReadOnlyList<string> TranscriptFilesRead { get; init; } = [];

    /// <summary>Merged transcript files renamed into <c>transcripts/compacted/</c>.</summary>
    public IReadOnlyList<string> TranscriptFilesWritten { get; init; } = [];
}
