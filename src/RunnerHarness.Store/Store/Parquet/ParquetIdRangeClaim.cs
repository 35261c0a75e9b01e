using System.Text;
using Parquet;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// The range of record ids a Parquet file claims before its ids are read: the smallest and largest <c>record_id</c> its
/// footer's column chunk statistics state, over every row group. Parquet.Net (every writer of ours), DuckDB, pyarrow and
/// ParquetSharp write them for a string column. A claim is only a hint for grouping files: the id pass checks every id
/// against it, so a wrong or lying statistic costs a second pass, never a wrong count.
/// </summary>
internal static class ParquetIdRangeClaim
{
    /// <summary>
    /// The range the file at <paramref name="path"/> claims, or <see langword="null"/> when it claims none: no row groups,
    /// a row group without both statistics of <c>record_id</c>, a statistic that is not a UUID, or a footer that does not
    /// decode (its read reports that).
    /// </summary>
    public static RecordIdRange? Of(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 4096, FileOptions.RandomAccess);
            var reader = SyncOverAsync.Run(() => ParquetReader.CreateAsync(file, new ParquetOptions(), leaveStreamOpen: true));
            try
            {
                return Of(reader);
            }
            finally
            {
                SyncOverAsync.Run(() => reader.DisposeAsync().AsTask());
            }
        }
        catch (Exception ex) when (ParquetSegmentReader.IsDecodingFailure(ex) || ex is FileNotFoundException or UnauthorizedAccessException)
        {
            // Damaged, vanished or unreadable: no claim, so the file joins every other in one component; its read reports why.
            return null;
        }
    }

    private static RecordIdRange? Of(ParquetReader reader)
    {
        var rowGroups = reader.Metadata?.RowGroups;
        if (rowGroups is not { Count: > 0 })
        {
            return null;
        }

        RecordIdRange? claim = null;
        foreach (var rowGroup in rowGroups)
        {
            var statistics = rowGroup.Columns
                .Select(c => c.MetaData)
                .FirstOrDefault(m => m?.PathInSchema is [RecordColumns.RecordId])?.Statistics;

            // The current fields first; the deprecated ones (signed byte order) agree for the ASCII of a UUID.
            if (Key(statistics?.MinValue ?? statistics?.Min) is not { } min || Key(statistics?.MaxValue ?? statistics?.Max) is not { } max || min > max)
            {
                return null;
            }

            claim = claim is { } so ? new RecordIdRange(UInt128.Min(so.Min, min), UInt128.Max(so.Max, max)) : new RecordIdRange(min, max);
        }

        return claim;
    }

    private static UInt128? Key(byte[]? value)
    {
        if (value is null || value.Length > 64)
        {
            return null;
        }

        Span<char> text = stackalloc char[64];
        return Encoding.UTF8.TryGetChars(value, text, out var length) && Guid.TryParseExact(text[..length], "D", out var uuid)
            ? UuidOrderKey.Of(uuid)
            : null;
    }
}
