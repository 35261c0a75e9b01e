using Parquet;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// The Parquet file of a live writer's open log segment, built while the segment fills: each record the writer logs is
/// gathered into column buffers at once, and each full row group is encoded, on a pool thread while the next one
/// gathers, into a file under <c>tmp/</c>. Sealing then writes only the last partial row group and the footer, with no
/// re-parse of the log. The bytes are those <see cref="ParquetSegmentWriter"/> writes for the same records (same
/// schema, options and row-group size). The log stays the durability source: this file is named as a temporary one
/// (<see cref="TemporaryFiles"/>), so a killed writer's leftover is stale, never sealed, and the next writer seals the
/// log instead. Not thread-safe: one writer thread (or the caller holding the writer's log lock) adds and seals.
/// A live writer's segment (<see cref="StreamedSegmentUse.Live"/>) trades that overlap for memory: it gathers no group ahead,
/// writing each full group before the next record is gathered, and collects Parquet.Net's dictionary garbage once it is a
/// large enough part of the heap (<see cref="ParquetDictionaryGarbage"/>), so its peak is one row group's buffers and a few
/// columns' garbage. It is written on the thread that adds or finishes it, never waiting for a thread-pool thread
/// (<see cref="CallingThreadWriteStream"/>): a test host seals while its pool threads are blocked on the run's end.
/// </summary>
internal sealed class StreamedParquetSegment : IDisposable
{
    private readonly StoreLayout _layout;
    private readonly int _rowGroupSize;
    private readonly StreamedSegmentUse _use;
    private readonly ParquetDictionaryGarbage? _dictionaryGarbage;
    private readonly Func<string, FileStream> _createFile;

    // Two sets of buffers: one gathering on the writer's thread while the other is encoded on the pool.
    private readonly ParquetColumnBuffer[]?[] _sets = new ParquetColumnBuffer[]?[2];
    private int _filling;
    private int _rows;
    private Task? _writing;
    private FileStream? _file;
    private ParquetWriter? _writer;
    private bool _disposed;

    /// <summary>
    /// Starts an empty segment whose row groups hold <paramref name="rowGroupSize"/> rows (the last one fewer), written as
    /// <paramref name="use"/> needs (the bytes are the same either way). A live segment collects Parquet.Net's dictionary
    /// garbage through <paramref name="dictionaryGarbage"/>, by default one that weighs it against the process's heap.
    /// <paramref name="createFile"/> creates the file under <c>tmp/</c> at the path it is given (by default a new
    /// <see cref="FileStream"/>; a test observes the writes through its own).
    /// </summary>
    public StreamedParquetSegment(
        StoreLayout layout,
        int rowGroupSize,
        StreamedSegmentUse use = StreamedSegmentUse.Bulk,
        ParquetDictionaryGarbage? dictionaryGarbage = null,
        Func<string, FileStream>? createFile = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowGroupSize);
        _layout = layout;
        _rowGroupSize = rowGroupSize;
        _use = use;
        _dictionaryGarbage = use == StreamedSegmentUse.Live ? dictionaryGarbage ?? new ParquetDictionaryGarbage() : null;
        _createFile = createFile ?? (static path => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16));
    }

    private bool Live => _use == StreamedSegmentUse.Live;

    /// <summary>Records added so far.</summary>
    public long RecordCount { get; private set; }

    /// <summary>
    /// Gathers <paramref name="record"/> as the segment's next row; when that fills a row group, starts writing it in the
    /// background (after waiting for the previous group's write, which used the other buffers), or for a live writer's
    /// segment writes it before returning.
    /// </summary>
    /// <exception cref="ArgumentException">The record lacks a value every record must have; the segment is unusable after it.</exception>
    /// <exception cref="IOException">An earlier row group could not be written.</exception>
    public void Add(ResultRecord record)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var buffers = _sets[_filling] ??= ParquetSegmentWriter.CreateBuffers(Math.Min(_rowGroupSize, ParquetSegmentWriter.StreamedStartRows));
        foreach (var buffer in buffers)
        {
            buffer.Append(record);
        }

        RecordCount++;
        _rows++;
        EndFullRowGroup(buffers);
    }

    /// <summary>
    /// Gathers rows <paramref name="rows"/> of a decoded source row group as the segment's next rows, each column from
    /// <paramref name="columns"/> (the source's values of <see cref="ParquetRecordColumns.All"/>, in that order, null for
    /// a column the source lacks): the bytes are those <see cref="Add"/> writes for the records a read builds of those
    /// rows. Each row group filled on the way is written as <see cref="Add"/> writes it.
    /// </summary>
    /// <exception cref="IOException">An earlier row group could not be written.</exception>
    public void AddRows(ParquetColumnValues?[] columns, ReadOnlySpan<int> rows)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (!rows.IsEmpty)
        {
            var buffers = _sets[_filling] ??= ParquetSegmentWriter.CreateBuffers(Math.Min(_rowGroupSize, ParquetSegmentWriter.StreamedStartRows));
            var taken = rows[..Math.Min(rows.Length, _rowGroupSize - _rows)];
            for (var i = 0; i < buffers.Length; i++)
            {
                buffers[i].CopyRows(columns[i], taken);
            }

            RecordCount += taken.Length;
            _rows += taken.Length;
            EndFullRowGroup(buffers);
            rows = rows[taken.Length..];
        }
    }

    // Writes the gathered row group once it is full: in the background while the other buffers gather, or for a live
    // writer's segment on this thread.
    private void EndFullRowGroup(ParquetColumnBuffer[] buffers)
    {
        if (_rows == _rowGroupSize)
        {
            WaitForWrite();
            if (Live)
            {
                // On this thread, and the same buffers gather the next group once this one is written.
                SyncOverAsync.Run(() => WriteAsync(buffers));
            }
            else
            {
                _writing = Task.Run(() => WriteAsync(buffers));
                _filling ^= 1;
            }

            _rows = 0;
        }
    }

    /// <summary>
    /// Writes the last partial row group and the footer, fsyncs the file and closes it; returns its path under <c>tmp/</c>,
    /// which the caller renames into place. The segment holds nothing afterwards.
    /// </summary>
    /// <exception cref="IOException">The file could not be written.</exception>
    public string Finish()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        WaitForWrite();
        SyncOverAsync.Run(async () =>
        {
            await EnsureWriterAsync().ConfigureAwait(false);
            if (_rows > 0)
            {
                await ParquetSegmentWriter.WriteRowGroupAsync(_writer!, _sets[_filling]!, _dictionaryGarbage).ConfigureAwait(false);
                _rows = 0;
            }

            await _writer!.DisposeAsync().ConfigureAwait(false);
            _writer = null;
        });

        var file = _file!;
        file.Flush(flushToDisk: true);
        file.Dispose();
        _file = null;
        ReturnBuffers();
        _disposed = true;
        return file.Name;
    }

    /// <summary>Abandons the segment: waits for a write under way, deletes the file under <c>tmp/</c> (this process's own) and returns the buffers.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            _writing?.Wait();
        }
        catch (AggregateException)
        {
            // Abandoned: the write's failure was, or will be, reported by whoever abandons the segment.
        }

        // Not disposed: that would write a footer into a file about to be deleted.
        _writer = null;
        if (_file is { } file)
        {
            file.Dispose();
            File.Delete(file.Name);
            _file = null;
        }

        ReturnBuffers();
    }

    private async Task WriteAsync(ParquetColumnBuffer[] buffers)
    {
        await EnsureWriterAsync().ConfigureAwait(false);
        await ParquetSegmentWriter.WriteRowGroupAsync(_writer!, buffers, _dictionaryGarbage).ConfigureAwait(false);
    }

    // Rethrows a background write's own exception (an IOException stays one), not an AggregateException.
    private void WaitForWrite()
    {
        if (_writing is { } writing)
        {
            _writing = null;
            writing.GetAwaiter().GetResult();
        }
    }

    private async Task EnsureWriterAsync()
    {
        if (_writer is not null)
        {
            return;
        }

        _file = _createFile(SegmentSealer.NewTemporaryFile(_layout, StoreLayout.ParquetExtension));
        // A live segment is written on its writer's thread, never waiting for a pool thread (CallingThreadWriteStream).
        _writer = await ParquetSegmentWriter.CreateParquetWriterAsync(Live ? new CallingThreadWriteStream(_file) : _file).ConfigureAwait(false);
    }

    private void ReturnBuffers()
    {
        for (var i = 0; i < _sets.Length; i++)
        {
            foreach (var buffer in _sets[i] ?? [])
            {
                buffer.Dispose();
            }

            _sets[i] = null;
        }
    }
}
