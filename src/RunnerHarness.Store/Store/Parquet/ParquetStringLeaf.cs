using System.Buffers;
using System.Text;
using Parquet;
using Parquet.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// A string leaf (a string column, or a map's keys or values) whose long values are stored once. Parquet.Net 6.1.0
/// writes a string chunk's whole minimum and maximum value into the data page header and into the footer, each in
/// both the current and the deprecated statistics field, and has no option to leave them out or cut them short: a
/// 70 MB message cost eight more uncompressed copies of itself. It keeps no minimum or maximum of binary values, so a
/// chunk holding a value longer than <see cref="LongValueChars"/> is written as the values' UTF-8 bytes (exactly what
/// it stores for a string) through <paramref name="binary"/>, a field of the same name and levels declared binary.
/// The file's schema, written from <paramref name="declared"/>, still says STRING, so every reader sees the same
/// string column; only that chunk's statistics lack a minimum and maximum (readers then read it instead of skipping
/// it), and it is never dictionary-encoded (a dictionary page would hold the long values whole again).
/// </summary>
/// <remarks>
/// Parquet.Net's row group writer matches the field it is given to the schema's column by name
/// (<c>ParquetRowGroupWriter.WriteAsyncInternal</c>, 6.1.0), and takes the column's type and path from the schema.
/// Should a later version refuse the binary field, writing fails loudly (<c>ParquetLargeStringTests</c>).
/// </remarks>
internal sealed class ParquetStringLeaf(DataField declared, DataField binary) : IParquetLeafWriter<ReadOnlyMemory<char>>
{
    /// <summary>
    /// The longest value (in UTF-16 characters) a chunk written as strings may hold. Its statistics then cost at most
    /// eight copies of 3 KiB of UTF-8; shorter values keep their statistics and dictionary encoding.
    /// </summary>
    public const int LongValueChars = 1024;

    public async Task WriteAsync(ParquetRowGroupWriter writer, ReadOnlyMemory<ReadOnlyMemory<char>> values, ReadOnlyMemory<int>? definitionLevels, ReadOnlyMemory<int>? repetitionLevels)
    {
        if (!HasLongValue(values.Span))
        {
            await writer.WriteAllPartsAsync(declared, values, definitionLevels, repetitionLevels, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        var bytes = ArrayPool<ReadOnlyMemory<byte>>.Shared.Rent(values.Length);
        try
        {
            var span = values.Span;
            for (var i = 0; i < span.Length; i++)
            {
                // Encoding.UTF8 is what Parquet.Net encodes strings with (an unpaired surrogate becomes U+FFFD either way).
                var utf8 = new byte[Encoding.UTF8.GetByteCount(span[i].Span)];
                Encoding.UTF8.GetBytes(span[i].Span, utf8);
                bytes[i] = utf8;
            }

            await writer.WriteAllPartsAsync<ReadOnlyMemory<byte>>(binary, bytes.AsMemory(0, values.Length), definitionLevels, repetitionLevels, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<ReadOnlyMemory<byte>>.Shared.Return(bytes, clearArray: true);
        }
    }

    private static bool HasLongValue(ReadOnlySpan<ReadOnlyMemory<char>> values)
    {
        foreach (var value in values)
        {
            if (value.Length > LongValueChars)
            {
                return true;
            }
        }

        return false;
    }
}
