using System.Buffers;
using Parquet;
using Parquet.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// A <c>TIMESTAMP(MICROS, isAdjustedToUTC=true)</c> column written as its microseconds since the Unix epoch through
/// <paramref name="microseconds"/>, a 64-bit integer field of the same name and levels. Parquet.Net 6.1.0 encodes the
/// values of a <see cref="DateTime"/> column in the column's unit, but its minimum and maximum statistics always in
/// milliseconds (<c>ParquetPlainEncoder.TryEncode(DateTime)</c>): DuckDB, which skips row groups by them, found no row
/// of a store after any instant, and rebased sorted values on them. Written as integers, the values are the same bytes
/// and the statistics are in microseconds; the file's schema, written from the declared field, still says TIMESTAMP.
/// </summary>
/// <remarks>The row group writer matches a field to the schema's column by name (see <see cref="ParquetStringLeaf"/>).</remarks>
internal sealed class ParquetTimestampLeaf(DataField microseconds) : IParquetLeafWriter<DateTime>
{
    // Parquet.Net's own conversion (OtherExtensions.ToUnixMicroseconds, 6.1.0): whole microseconds of the ticks, less the epoch's.
    private const long UnixEpochMicroseconds = 62_135_596_800_000_000L;

    /// <summary>A timestamp leaf writing through an integer field named <paramref name="name"/>.</summary>
    public ParquetTimestampLeaf(string name, bool nullable)
        : this(ParquetTwinField.Attach(new DataField<long>(name, nullable)))
    {
    }

    public async Task WriteAsync(ParquetRowGroupWriter writer, ReadOnlyMemory<DateTime> values, ReadOnlyMemory<int>? definitionLevels, ReadOnlyMemory<int>? repetitionLevels)
    {
        var units = ArrayPool<long>.Shared.Rent(values.Length);
        try
        {
            var span = values.Span;
            for (var i = 0; i < span.Length; i++)
            {
                units[i] = (span[i].Ticks / TimeSpan.TicksPerMicrosecond) - UnixEpochMicroseconds;
            }

            await writer.WriteAllPartsAsync<long>(microseconds, units.AsMemory(0, values.Length), definitionLevels, repetitionLevels, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(units);
        }
    }
}
