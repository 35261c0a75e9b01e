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

    /// <summary>The buffers' first size for a sequence whose length is not known; they double from there.</summary>
    internal const int StreamedStartRows = 4096;

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
    /// <paramref name="destination"/> must be writable and seekable (a file). An empty sequence writes a
    /// valid file with the schema and no row groups. The records are read once, in order, a row group at a
    /// time: the writer holds the columns of at most two row groups (the one being encoded and the next
    /// being gathered), never the whole sequence, so a seal streamed from a log is bounded by the row-group
    /// size, not the segment's. Parquet.Net is async-only; this blocks on it, which
    /// is safe because store writers run on a dedicated background thread, and in any case the work is
    /// started without a <see cref="SynchronizationContext"/> so it cannot deadlock on the caller's.
    /// </remarks>
    /// <exception cref="ArgumentException">A record lacks a value every record must have (<c>record_id</c>).</exception>
    public void Write(IEnumerable<ResultRecord> records, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(destination);
        SyncOverAsync.Run(() => WriteAsync(records, destination));
    }

    private async Task WriteAsync(IEnumerable<ResultRecord> records, Stream destination)
    {
        // Two sets of column buffers: the next row group is gathered from the records on a pool
        // thread while Parquet.Net encodes the current one, so both cores of a small machine work.
        // A sequence of unknown length starts its buffers small; they grow to the row-group size as it fills.
        var bufferRows = Math.Min(RowGroupSize, Math.Max(records.TryGetNonEnumeratedCount(out var count) ? count : StreamedStartRows, 1));
        ParquetColumnBuffer[][] sets = [CreateBuffers(bufferRows), CreateBuffers(bufferRows)];
        using var source = new RecordSource(records.GetEnumerator());
        Task<int>? gathering = null;
        try
        {
            var writer = await CreateParquetWriterAsync(destination).ConfigureAwait(false);
            await using (writer.ConfigureAwait(false))
            {
                gathering = Task.Run(() => source.Gather(sets[0], RowGroupSize));
                for (var group = 0; ; group++)
                {
                    var rows = await gathering.ConfigureAwait(false);
                    gathering = null;
                    if (rows == 0)
                    {
                        break;
                    }

                    // A short group is the last one: the sequence ended inside it.
                    var next = group + 1;
                    gathering = rows == RowGroupSize ? Task.Run(() => source.Gather(sets[next % 2], RowGroupSize)) : Task.FromResult(0);
                    await WriteRowGroupAsync(writer, sets[group % 2]).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // A failed write must not return the buffers to the pool while they are still being filled.
            if (gathering is not null)
            {
                await ((Task)gathering).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            foreach (var buffer in sets.SelectMany(s => s))
            {
                buffer.Dispose();
            }
        }
    }

    /// <summary>
    /// Writes the rows gathered in <paramref name="buffers"/> as <paramref name="writer"/>'s next row group and empties the buffers;
    /// with <paramref name="dictionaryGarbage"/>, hands it each column's dictionary-encoded values, to collect Parquet.Net's
    /// garbage once enough has piled up.
    /// </summary>
    internal static async Task WriteRowGroupAsync(ParquetWriter writer, ParquetColumnBuffer[] buffers, ParquetDictionaryGarbage? dictionaryGarbage = null)
    {
        using var rowGroup = writer.CreateRowGroup();
        foreach (var buffer in buffers)
        {
            var dictionaryValues = buffer.DictionaryValueCount;
            await buffer.FlushAsync(rowGroup).ConfigureAwait(false);
            dictionaryGarbage?.DropAfter(dictionaryValues);
        }

        rowGroup.CompleteValidate();
    }

    /// <summary>A buffer per column, each for <paramref name="rows"/> rows to start with.</summary>
    internal static ParquetColumnBuffer[] CreateBuffers(int rows) =>
        [.. ParquetRecordColumns.All.Select(c => c.CreateBuffer(rows))];

    /// <summary>Opens a Parquet.Net writer of a record file on <paramref name="destination"/>, with the options every record file is written with.</summary>
    internal static Task<ParquetWriter> CreateParquetWriterAsync(Stream destination) =>
        ParquetWriter.CreateAsync(ParquetRecordColumns.Schema, destination, CreateOptions(), append: false);

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

            // Parquet.Net encodes each column chunk of a row group as one page in a pooled memory stream, and its pool
            // keeps up to 16 MB of small blocks and 64 MB of large buffers once they are returned: memory a seal kept
            // for the rest of the process (a forced collection after a 250,000-row group still found ~23 MB more live
            // than before it). The next column chunk's page is allocated afresh instead; no slower in the seal bench.
            MaximumSmallPoolFreeBytes = 1 << 20,
            MaximumLargePoolFreeBytes = 1 << 20,
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
