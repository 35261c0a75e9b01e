using System.IO.Compression;
using Parquet;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// Writes records as one Parquet file, never in Parquet.Net's append mode: large row groups, the
/// column names of <see cref="RecordColumns"/>, real logical types (UTC microsecond timestamps,
/// <c>MAP</c> columns, optional columns for nullable properties), enums as their wire strings,
/// dictionary encoding wherever a string column repeats, and long strings stored once, without the
/// whole-value statistics Parquet.Net would copy them into (<see cref="ParquetStringLeaf"/>).
/// </summary>
internal sealed class ParquetSegmentWriter : ISegmentWriter
{
    // Declared per column (RecordColumnAttribute.PlainEncoding): a unique id or free text gains nothing from a dictionary.
    private static readonly string[] PlainStringColumns = [.. RecordSchema.Columns.Where(c => c.PlainEncoding).Select(c => c.Name)];

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

    /// <summary>The most rows one row group holds; a reader holds at most two decoded row groups (one read ahead).</summary>
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
        // Two sets of column buffers: the next row group is gathered from the records on a pool
        // thread while Parquet.Net encodes the current one, so both cores of a small machine work.
        var groupCount = (records.Count + RowGroupSize - 1) / RowGroupSize;
        var bufferRows = Math.Min(RowGroupSize, Math.Max(records.Count, 1));
        ParquetColumnBuffer[][] sets = [CreateBuffers(bufferRows), CreateBuffers(bufferRows)];
        Task? gathering = null;
        try
        {
            var writer = await ParquetWriter.CreateAsync(ParquetRecordColumns.Schema, destination, CreateOptions(), append: false).ConfigureAwait(false);
            await using (writer.ConfigureAwait(false))
            {
                if (groupCount > 0)
                {
                    gathering = Task.Run(() => Gather(sets[0], records, 0, RowGroupSize));
                }

                for (var group = 0; group < groupCount; group++)
                {
                    await gathering!.ConfigureAwait(false);
                    var next = group + 1;
                    gathering = next < groupCount ? Task.Run(() => Gather(sets[next % 2], records, next * RowGroupSize, RowGroupSize)) : null;
                    using var rowGroup = writer.CreateRowGroup();
                    foreach (var buffer in sets[group % 2])
                    {
                        await buffer.FlushAsync(rowGroup).ConfigureAwait(false);
                    }

                    rowGroup.CompleteValidate();
                }
            }
        }
        finally
        {
            // A failed write must not return the buffers to the pool while they are still being filled.
            if (gathering is not null)
            {
                await gathering.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            foreach (var buffer in sets.SelectMany(s => s))
            {
                buffer.Dispose();
            }
        }
    }

    private static ParquetColumnBuffer[] CreateBuffers(int rows) =>
        [.. ParquetRecordColumns.All.Select(c => c.CreateBuffer(rows))];

    private static void Gather(ParquetColumnBuffer[] buffers, IReadOnlyList<ResultRecord> records, int start, int rowGroupSize)
    {
        var end = Math.Min(records.Count, start + rowGroupSize);
        for (var i = start; i < end; i++)
        {
            var record = records[i] ?? throw new ArgumentException($"Record {i} is null.", nameof(records));
            try
            {
                foreach (var buffer in buffers)
                {
                    buffer.Append(record);
                }
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"Record {i} cannot be written: {ex.Message}", nameof(records), ex);
            }
        }
    }

    private static ParquetOptions CreateOptions()
    {
        var options = new ParquetOptions
        {
            // Measured writing 1,000,000 TestRecords.Varied records (2 shared cores, .NET 10,
            // Parquet.Net 6.1.0): Zstd at Fastest 57-58 bytes/record; Snappy 121 bytes/record and no
            // faster; no compression 672 bytes/record and no faster either (writing the bytes costs as
            // much as compressing them). Parquet.Net's default Zstd level is its slowest.
            CompressionMethod = CompressionMethod.Zstd,
            CompressionLevel = CompressionLevel.Fastest,

            // With a hint, Parquet.Net dictionary-encodes a column chunk when at most this share of its
            // values is distinct; sampling the first values spares the full hash of a column that is
            // unique anyway.
            DictionaryEncodingThreshold = 0.8,
            DictionaryEncodingSampleSize = 10_000,
        };

        // Without a hint Parquet.Net 6.1.0 writes every column PLAIN. Dimension-like strings repeat a
        // handful of values: dictionary pages make them smaller and let readers group on indices.
        // record_id is unique, and free-text output came out larger with a dictionary (0.47 against
        // 0.13 bytes/record), so those two stay plain.
        foreach (var field in ParquetRecordColumns.Schema.GetDataFields())
        {
            if (field.ClrType == typeof(ReadOnlyMemory<char>) && !PlainStringColumns.Contains(field.Path.FirstPart))
            {
                options.ColumnEncodingHints[field.Path.ToString()] = EncodingHint.Dictionary;
            }
        }

        return options;
    }
}
