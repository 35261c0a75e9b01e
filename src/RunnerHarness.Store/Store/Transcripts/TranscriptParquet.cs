using System.IO.Compression;
using Parquet;
using Parquet.Serialization;
using RunnerHarness.Store.Parquet;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Store.Transcripts;

/// <summary>
/// Transcript rows as one Parquet file with the columns of <see cref="TranscriptColumns"/>, written once (never in append
/// mode) in row groups of <see cref="RowGroupSize"/> messages, Zstd at its fastest level (as record files).
/// </summary>
internal static class TranscriptParquet
{
    /// <summary>The most messages one row group holds.</summary>
    public const int RowGroupSize = 50_000;

    /// <summary>Writes <paramref name="rows"/> to <paramref name="destination"/> (writable and seekable).</summary>
    public static void Write(IEnumerable<TranscriptRow> rows, Stream destination) => SyncOverAsync.Run(() => ParquetSerializer.SerializeAsync(
        rows.Select(ToParquet),
        destination,
        new ParquetOptions { RowGroupSize = RowGroupSize, CompressionMethod = CompressionMethod.Zstd, CompressionLevel = CompressionLevel.Fastest }));

    /// <summary>The rows of the Parquet file at <paramref name="path"/>.</summary>
    /// <exception cref="CorruptSegmentException">The file cannot be decoded as a transcript file.</exception>
    public static List<TranscriptRow> Read(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
            var rows = SyncOverAsync.Run(async () => (await ParquetSerializer.DeserializeAsync<TranscriptParquetRow>(stream).ConfigureAwait(false)).Data);
            return rows.Select(FromParquet).ToList();
        }
        catch (Exception ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException and not UnauthorizedAccessException and not OutOfMemoryException)
        {
            throw new CorruptSegmentException($"{path} cannot be read as a transcript file: {ex.Message}", ex);
        }
    }

    private static TranscriptParquetRow ToParquet(TranscriptRow row) => new()
    {
        RecordId = row.RecordId,
        Sequence = row.Sequence,
        Kind = row.Message.Kind,
        Role = row.Message.Role,
        Model = row.Message.Model,
        Content = row.Message.Content,
        ToolCalls = TranscriptToolCallsJson.ToText(row.Message.ToolCalls),
        ToolCallId = row.Message.ToolCallId,
        Truncated = row.Message.Truncated,
    };

    private static TranscriptRow FromParquet(TranscriptParquetRow row) => new(
        string.IsNullOrEmpty(row.RecordId) ? throw new CorruptSegmentException($"a transcript row has no {TranscriptColumns.RecordId}") : row.RecordId,
        row.Sequence,
        new TranscriptMessage
        {
            Role = row.Role,
            Kind = row.Kind,
            Model = row.Model,
            Content = row.Content,
            ToolCalls = TranscriptToolCallsJson.Parse(row.ToolCalls),
            ToolCallId = row.ToolCallId,
            Truncated = row.Truncated,
        });
}
