using System.Text;
using Parquet;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// The smallest record id a Parquet file claims before its ids are read: the least minimum of <c>record_id</c> its
/// footer's column chunk statistics state over its row groups. Parquet.Net (every writer of ours) writes them for every
/// string chunk of values up to <see cref="ParquetStringLeaf.LongValueChars"/> characters, and so does DuckDB. A claim only
/// says when the id pass must have read the file's ids: the pass checks the file's smallest id against it, so a wrong or
/// lying statistic costs a second pass, never a wrong count.
/// </summary>
internal static class ParquetIdClaim
{
    /// <summary>
    /// The smallest id (<see cref="UuidOrderKey"/>) the file at <paramref name="path"/> claims, or <see langword="null"/>
    /// when it claims none: no row groups, a row group without a minimum of <c>record_id</c>, a minimum that is not a UUID,
    /// or a footer that does not decode (its read reports that).
    /// </summary>
    public static UInt128? SmallestId(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 4096, FileOptions.RandomAccess);
            var reader = SyncOverAsync.Run(() => ParquetReader.CreateAsync(file, new ParquetOptions(), leaveStreamOpen: true));
            try
            {
                return SmallestId(reader);
            }
            finally
            {
                SyncOverAsync.Run(() => reader.DisposeAsync().AsTask());
            }
        }
        catch (Exception ex) when (ParquetSegmentReader.IsDecodingFailure(ex) || ex is FileNotFoundException or UnauthorizedAccessException)
        {
            // Damaged, vanished or unreadable: no claim, so the pass reads the file first; its read reports why.
            return null;
        }
    }

    private static UInt128? SmallestId(ParquetReader reader)
    {
        var rowGroups = reader.Metadata?.RowGroups;
        if (rowGroups is not { Count: > 0 })
        {
            return null;
        }

        UInt128? smallest = null;
        foreach (var rowGroup in rowGroups)
        {
            var statistics = rowGroup.Columns
                .Select(c => c.MetaData)
                .FirstOrDefault(m => m?.PathInSchema is [RecordColumns.RecordId])?.Statistics;

            // The current field first; the deprecated one (signed byte order) agrees for the ASCII of a UUID.
            if (Key(statistics?.MinValue ?? statistics?.Min) is not { } minimum)
            {
                return null;
            }

            smallest = smallest is { } so ? UInt128.Min(so, minimum) : minimum;
        }

        return smallest;
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
