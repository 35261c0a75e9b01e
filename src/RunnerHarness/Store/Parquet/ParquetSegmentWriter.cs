using System.IO.Compression;
using Parquet;
using RunnerHarness.Schema;
using RunnerHarness.Settings;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// Writes records as one Parquet file, never in Parquet.Net's append mode: large row groups, the
/// column names of <see cref="RecordColumns"/>, real logical types (UTC microsecond timestamps,
/// <c>MAP</c> columns, optional columns for nullable properties), enums as their wire strings, and
/// dictionary encoding wherever a string column repeats.
/// </summary>
public sealed class ParquetSegmentWriter : ISegmentWriter
{
    /// <summary>The default number of rows per row group.</summary>
    public const int DefaultRowGroupSize = 250_000;

    /// <summary>Creates a writer of <see cref="DefaultRowGroupSize"/> rows per row group.</summary>
    public ParquetSegmentWriter()
        : this(DefaultRowGroupSize)
    {
    }

    /// <summary>Creates a writer of at most <paramref name="rowGroupSize"/> rows per row group.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rowGroupSize"/> is not positive.</exception>
    public ParquetSegmentWriter(int rowGroupSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowGroupSize);
        RowGroupSize = rowGroupSize;
    }

    /// <summary>The most rows one row group holds; a reader holds one row group in memory at a time.</summary>
    public int RowGroupSize { get; }

    /// <inheritdoc />
    public StorageFormat Format => StorageFormat.Parquet;

    /// <inheritdoc />
    public string Extension => StoreLayout.ParquetExtension;

    /// <inheritdoc />
    /// <remarks>
    /// <paramref name="destination"/> must be writable and seekable (a file). An empty list writes a
    /// valid file with the schema and no row groups. Parquet.Net is async-only; this blocks on it, which
    /// is safe because store writers run on a dedicated background thread, and in any case the work is
    /// started without a <see cref="SynchronizationContext"/> so it cannot deadlock on the caller's.
    /// </remarks>
    /// <exception cref="ArgumentException">A record lacks a value every record must have (<c>record_id</c>).</exception>
    public void Write(IReadOnlyList<ResultRecord> records, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(destination);
        SyncOverAsync.Run(() => WriteAsync(records, destination));
    }

    private async Task WriteAsync(IReadOnlyList<ResultRecord> records, Stream destination)
    {
        var writer = await ParquetWriter.CreateAsync(ParquetRecordColumns.Schema, destination, CreateOptions(), append: false).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            for (var start = 0; start < records.Count; start += RowGroupSize)
            {
                var count = Math.Min(RowGroupSize, records.Count - start);
                using var rowGroup = writer.CreateRowGroup();
                foreach (var column in ParquetRecordColumns.All)
                {
                    await column.WriteAsync(rowGroup, records, start, count).ConfigureAwait(false);
                }

                rowGroup.CompleteValidate();
            }
        }
    }

    private static ParquetOptions CreateOptions() => new()
    {
        // Measured on 1,000,000 varied records (TestRecords), 2 cores, .NET 10, Parquet.Net 6.1.0:
        // see the MEASUREMENTS note at the end of this file's class comment in the commit that set it.
        CompressionMethod = CompressionMethod.Zstd,
        CompressionLevel = CompressionLevel.Fastest,

        // Parquet.Net decides per column chunk whether to dictionary-encode a string column by its
        // share of distinct values (0.8 by default). Sampling the first values first spares the full
        // hash of columns that are unique anyway (record_id, display_name, output).
        DictionaryEncodingSampleSize = 10_000,
    };
}
