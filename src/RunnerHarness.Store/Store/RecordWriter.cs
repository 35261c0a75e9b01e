using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using RunnerHarness.Schema;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Store.Parquet;
using RunnerHarness.Store.Summaries;
using RunnerHarness.Store.Transcripts;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Store;

/// <summary>
/// The one writer of a process's records for a run. <see cref="Append(ResultRecord)"/> only queues the record (or,
/// with <see cref="RecordWriterOptions.WriteThrough"/>, writes it to the log itself); a
/// dedicated thread writes queued records to a write-ahead log under <c>wal/</c> every
/// <see cref="RecordWriterOptions.FlushInterval"/>, and seals full log segments into <c>data/</c> in
/// the chosen format. Guarantees: records reach the operating system in append order, and once
/// there (see <see cref="WrittenCount"/>) they survive a killed process (<c>kill -9</c>); a writer that
/// keeps up hands each record over within one flush interval of <see cref="Append(ResultRecord)"/>. <see cref="Flush"/>
/// makes every appended record durable on disk (fsync), surviving a machine crash too;
/// <see cref="Complete"/> (and <see cref="Dispose"/>) seal everything into <c>data/</c>. Thread-safe.
/// </summary>
internal sealed class RecordWriter : IDisposable
{
    private const int WriteChunkBytes = 1 << 20;
    private const int LargeLineBytes = 1 << 20;

    private readonly ConcurrentQueue<(ResultRecord Record, IReadOnlyList<TranscriptMessage>? Transcript)> _queue = new();
    private readonly ManualResetEventSlim _wake = new(initialState: false);
    private readonly object _gate = new();
    private readonly object _logLock = new();
    private readonly ArrayBufferWriter<byte> _appendBuffer = new(4096);
    private readonly ArrayBufferWriter<byte> _appendTranscriptBuffer = new(4096);
    private readonly ArrayBufferWriter<byte> _drainTranscriptBuffer = new(4096);
    private ArrayBufferWriter<byte> _lineBuffer = new(4096);
    private readonly ConcurrentQueue<string> _refused = new();
    private readonly StoreLayout _layout;
    private readonly ISegmentWriter _segmentWriter;
    private readonly RecordWriterOptions _options;
    private readonly WriterLock _lock;
    private readonly string _folder;
    private readonly string _segmentPrefix;
    private readonly RecordStamp _stamp;
    private readonly List<string> _sealedFiles = [];
    private readonly SegmentSummaryBuilder _segmentSummary;
    private readonly Thread _thread;

    private FileStream? _log;

    // The open segment's Parquet file, written a row group at a time as records are logged (Parquet only); null when the
    // segment must be sealed from its log instead (a record the column buffers refused, or the JSON Lines format).
    private StreamedParquetSegment? _streamed;

    // When the open segment took its first record (Environment.TickCount64), for SealInterval.
    private long _segmentStartedAt;

    // The segment's transcript log (wal/<writer>/transcripts/<segment>.jsonl), opened with the segment's first transcript.
    private FileStream? _transcriptLog;
    private int _segmentNumber;
    private int _segmentCount;
    private long _appended;
    private long _written;
    private long _flushRequested;
    private long _flushCompleted;
    private volatile bool _closing;
    private volatile Exception? _failure;
    private WriterSummary? _summary;

    private RecordWriter(StoreLayout layout, IHoldingsRule holdings, StorageFormat format, WriterIdentity identity, string folder, WriterLock writerLock, RecordWriterOptions options)
    {
        _layout = layout;
        _segmentSummary = new SegmentSummaryBuilder(holdings);
        _segmentWriter = format == StorageFormat.Parquet ? new ParquetSegmentWriter(options.ParquetRowGroupSize) : SegmentFormats.WriterFor(format);
        _options = options;
        _folder = folder;
        _lock = writerLock;
        Identity = identity;
        Format = format;
        _stamp = new RecordStamp(identity);
        // The random part keeps two writers of one run in one process, opened in the same millisecond, apart.
        _segmentPrefix = string.Create(CultureInfo.InvariantCulture, $"{StoreLayout.SafeFileName(_stamp.Host)}-{_stamp.ProcessId}-{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Random.Shared.Next(0x10000):x4}");
        StartSegment();
        _thread = new Thread(Run) { IsBackground = true, Name = $"RunnerHarness writer {identity.RunId}" };
        _thread.Start();
    }

    /// <summary>Who this writer is: the run, scope and shard stamped on records that have none.</summary>
    public WriterIdentity Identity { get; }

    /// <summary>The run id stamped on records that have none.</summary>
    public string RunId => Identity.RunId;

    /// <summary>The format records are sealed in.</summary>
    public StorageFormat Format { get; }

    /// <summary>The store directory.</summary>
    public string StorePath => _layout.Root;

    /// <summary>Records appended so far.</summary>
    public long AppendedCount => Interlocked.Read(ref _appended);

    /// <summary>Records handed to the operating system so far: these survive the process being killed.</summary>
    public long WrittenCount => Interlocked.Read(ref _written);

    /// <summary>Problems met while sealing logs that a dead writer of the same run left behind (torn lines).</summary>
    public IReadOnlyList<StoreProblem> RecoveredProblems { get; private init; } = [];

    /// <summary>
    /// Opens a writer for run <paramref name="runId"/> (and <paramref name="scope"/>, e.g. an assembly, when
    /// several processes share a run id): <see cref="Open(StoreLayout, IHoldingsRule, StorageFormat, WriterIdentity, RecordWriterOptions?)"/>
    /// with an unsharded identity.
    /// </summary>
    /// <exception cref="ArgumentException">The run id is invalid.</exception>
    /// <exception cref="StoreWriteException">The store cannot be created or written.</exception>
    /// <exception cref="WriterInUseException">A live process already writes this run and scope.</exception>
    public static RecordWriter Open(StoreLayout layout, IHoldingsRule holdings, StorageFormat format, string runId, string? scope = null, RecordWriterOptions? options = null) =>
        Open(layout, holdings, format, new WriterIdentity(runId, scope), options);

    /// <summary>
    /// Opens the writer <paramref name="identity"/> names, sealing records in <paramref name="format"/>. Logs a
    /// dead writer of the same name (<see cref="WriterIdentity.Name"/>) left behind are sealed first. Each sealed file's
    /// summary counts held samples by <paramref name="holdings"/> (<see cref="IHoldingsRule"/>).
    /// </summary>
    /// <exception cref="StoreWriteException">The store cannot be created or written.</exception>
    /// <exception cref="WriterInUseException">A live process already writes this run and scope; nothing was written.</exception>
    public static RecordWriter Open(StoreLayout layout, IHoldingsRule holdings, StorageFormat format, WriterIdentity identity, RecordWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(holdings);
        ArgumentNullException.ThrowIfNull(identity);
        var folder = Path.Combine(layout.WriteAheadLogDirectory, identity.Name);
        if (StoreLinks.LinkOnTheWay(layout, folder) is { } link)
        {
            throw new StoreWriteException($"The store {layout.Root} cannot be written: {link} is a symbolic link ({new FileInfo(link).LinkTarget}), and the store never writes through a link out of itself. Replace the link by a folder of the store.");
        }

        try
        {
            var writerLock = WriterLock.Acquire(folder, TimeSpan.FromSeconds(2)) ?? throw new WriterInUseException(
                identity,
                $"Run '{identity.Name}' is already being written to the store {layout.Root} by a live process (it holds {Path.Combine(folder, "writer.lock")}). " +
                "Give each concurrent process its own run id or shard; nothing was written.");
            var problems = new List<StoreProblem>();
            LogRecovery.SealFolder(layout, holdings, folder, format, problems.Add, exceptSegment: null);
            new WriterManifest(identity.RunId, Environment.MachineName, Environment.ProcessId, DateTime.UtcNow).Save(folder);
            return new RecordWriter(layout, holdings, format, identity, folder, writerLock, options ?? RecordWriterOptions.Default) { RecoveredProblems = problems };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreWriteException($"The store {layout.Root} cannot be written: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Queues <paramref name="record"/> for writing and returns at once. A record without an id or without where it
    /// was written (run id, host, process id and, for a sharded run, shard) is stored as a copy with a new time-ordered
    /// id and this writer's values in those columns; <paramref name="record"/> itself is never changed.
    /// </summary>
    /// <exception cref="StoreWriteException">An earlier write failed; the message says what is safe and what is not.</exception>
    /// <exception cref="ObjectDisposedException">The writer was completed.</exception>
    public void Append(ResultRecord record) => Append(record, transcript: null);

    /// <summary>
    /// Queues <paramref name="record"/> as <see cref="Append(ResultRecord)"/> does, with its <paramref name="transcript"/>
    /// (none when <see langword="null"/> or empty). The transcript is logged before its record, under the writer's
    /// <c>wal/</c> folder, and sealed beside it under <c>transcripts/</c> in the writer's format, keyed by the record's id.
    /// </summary>
    /// <exception cref="StoreWriteException">An earlier write failed; the message says what is safe and what is not.</exception>
    /// <exception cref="ObjectDisposedException">The writer was completed.</exception>
    public void Append(ResultRecord record, IReadOnlyList<TranscriptMessage>? transcript)
    {
        ArgumentNullException.ThrowIfNull(record);
        ObjectDisposedException.ThrowIf(_closing, this);
        ThrowIfFailed();
        record = Stamped(record);
        Interlocked.Increment(ref _appended);
        if (!_options.WriteThrough)
        {
            _queue.Enqueue((record, transcript));
            return;
        }

        lock (_logLock)
        {
            ThrowIfFailed();
            try
            {
                if (!TryWriteRecord(record, transcript, _appendBuffer, _appendTranscriptBuffer, out var segmentFull))
                {
                    Interlocked.Decrement(ref _appended);
                    _refused.TryDequeue(out var refusal);
                    throw new StoreWriteException(refusal!);
                }

                var written = 1;
                WriteBuffer(_appendBuffer, _appendTranscriptBuffer, ref written);
                if (segmentFull)
                {
                    SealSegment(startNext: true);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Fail(ex);
                AbandonStreamed();
                ThrowIfFailed();
            }
        }
    }

    /// <summary>
    /// Sets, where <paramref name="record"/> leaves them unset, the columns that say where it was written: this
    /// writer's run id, host, process id and (for a sharded run) shard. A record built from a stamped builder is
    /// queued by <see cref="Append(ResultRecord)"/> as it is, without the copy an unstamped one costs.
    /// </summary>
    public ResultRecordBuilder Stamp(ResultRecordBuilder record) => _stamp.Stamp(record);

    private ResultRecord Stamped(ResultRecord record) => _stamp.Stamped(record);

    /// <summary>Blocks until every record appended before the call is written to the log and fsynced.</summary>
    /// <exception cref="StoreWriteException">The log could not be written.</exception>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_closing, this);
        var ticket = Interlocked.Increment(ref _flushRequested);
        _wake.Set();
        lock (_gate)
        {
            while (Interlocked.Read(ref _flushCompleted) < ticket && _failure is null && _thread.IsAlive)
            {
                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(100));
            }
        }

        ThrowIfFailed();
    }

    /// <summary>Writes and seals every appended record into <c>data/</c>, releases the run's lock and returns what was sealed. Idempotent.</summary>
    /// <exception cref="StoreWriteException">Records could not be sealed; the message says where the unsealed ones are.</exception>
    public WriterSummary Complete()
    {
        if (_summary is not null)
        {
            return _summary;
        }

        _closing = true;
        _wake.Set();
        _thread.Join();
        ThrowIfFailed();
        _summary = new WriterSummary(Interlocked.Read(ref _written), [.. _sealedFiles]);
        _wake.Dispose();
        ThrowIfRefused();
        return _summary;
    }

    /// <summary>Completes the writer (see <see cref="Complete"/>); a failure to seal is thrown, never swallowed.</summary>
    public void Dispose() => Complete();

    private void Run()
    {
        var buffer = new ArrayBufferWriter<byte>(WriteChunkBytes * 2);
        try
        {
            while (true)
            {
                _wake.Wait(_options.FlushInterval);
                _wake.Reset();
                var closing = _closing;
                var flushTarget = Interlocked.Read(ref _flushRequested);
                lock (_logLock)
                {
                    Drain(buffer);
                    if (flushTarget > Interlocked.Read(ref _flushCompleted))
                    {
                        _transcriptLog?.Flush(flushToDisk: true);
                        _log!.Flush(flushToDisk: true);
                        CompleteFlush(flushTarget);
                    }

                    if (closing)
                    {
                        Drain(buffer);
                        SealSegment(startNext: false);
                        Release();
                        return;
                    }

                    if (_options.SealInterval is { } interval && _segmentCount > 0
                        && Environment.TickCount64 - _segmentStartedAt >= (long)interval.TotalMilliseconds)
                    {
                        SealSegment(startNext: true);
                    }
                }
            }
        }
        catch (Exception ex)
        {
            // Any failure, not only an I/O one: unhandled on this thread it would end the process, and with it every
            // result of the run not yet written. Complete and Flush throw it instead, saying what reached the log.
            Fail(ex);
            lock (_logLock)
            {
                AbandonStreamed();
            }
        }
    }

    private void Fail(Exception ex)
    {
        var unwritten = Interlocked.Read(ref _appended) - Interlocked.Read(ref _written);
        var cause = ex is IOException or UnauthorizedAccessException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
        _failure = new StoreWriteException(
            $"RunnerHarness could not write the store {_layout.Root}: {cause} " +
            $"{Interlocked.Read(ref _written)} records reached the write-ahead log under {_folder}, which the next writer or 'runner-harness compact' seals; " +
            $"{unwritten} records appended since could not be written.",
            ex);
        CompleteFlush(long.MaxValue);
    }

    private void Drain(ArrayBufferWriter<byte> buffer)
    {
        var drained = 0;
        while (_queue.TryDequeue(out var pending))
        {
            if (!TryWriteRecord(pending.Record, pending.Transcript, buffer, _drainTranscriptBuffer, out var segmentFull))
            {
                continue;
            }

            drained++;
            if (segmentFull || buffer.WrittenCount >= WriteChunkBytes || _drainTranscriptBuffer.WrittenCount >= WriteChunkBytes)
            {
                WriteBuffer(buffer, _drainTranscriptBuffer, ref drained);
                if (_segmentCount >= _options.SegmentRecordLimit)
                {
                    SealSegment(startNext: true);
                }
            }
        }

        WriteBuffer(buffer, _drainTranscriptBuffer, ref drained);
    }

    /// <summary>
    /// Serializes <paramref name="record"/> into <paramref name="buffer"/>; <paramref name="segmentFull"/> says whether the
    /// segment is full. A record whose line would pass the readers' cap (<see cref="JsonLinesFileReader.MaxLineBytes"/>) is
    /// not written (every reader would drop it): it is refused, named in <see cref="_refused"/>, and <see langword="false"/> returned.
    /// </summary>
    private bool TryWriteRecord(ResultRecord record, IReadOnlyList<TranscriptMessage>? transcript, ArrayBufferWriter<byte> buffer, ArrayBufferWriter<byte> transcriptBuffer, out bool segmentFull)
    {
        if (_lineBuffer.Capacity > LargeLineBytes)
        {
            // One huge record must not pin its buffer for the writer's life.
            _lineBuffer = new ArrayBufferWriter<byte>(4096);
        }

        _lineBuffer.ResetWrittenCount();
        JsonLinesRecordCodec.WriteLine(record, _lineBuffer);
        segmentFull = false;
        var lineBytes = _lineBuffer.WrittenCount - 1;
        if (lineBytes > JsonLinesFileReader.MaxLineBytes)
        {
            _refused.Enqueue(
                $"The record {record.RecordId} ({record.TestMethod}, model {record.Model}) was not written to the store {_layout.Root}: as a JSON line it is " +
                $"{lineBytes:N0} bytes, over the {JsonLinesFileReader.MaxLineBytes / (1 << 20)} MiB cap every reader holds a line to. Shorten its output, " +
                "error message or dimensions (a model output of that size is usually a runaway generation); the other records are written.");
            _lineBuffer.ResetWrittenCount();
            return false;
        }

        buffer.Write(_lineBuffer.WrittenSpan);
        for (var i = 0; i < (transcript?.Count ?? 0); i++)
        {
            TranscriptJsonLines.WriteLine(new TranscriptRow(record.RecordId, i, transcript![i]), transcriptBuffer);
        }

        _segmentSummary.Add(record);
        GatherIntoStreamedFile(record);
        if (_segmentCount == 0)
        {
            _segmentStartedAt = Environment.TickCount64;
        }

        segmentFull = ++_segmentCount >= _options.SegmentRecordLimit;
        return true;
    }

    // A record's transcript reaches its log before the record reaches its own, so a record that survives a kill has its transcript.
    private void WriteBuffer(ArrayBufferWriter<byte> buffer, ArrayBufferWriter<byte> transcriptBuffer, ref int drained)
    {
        if (transcriptBuffer.WrittenCount > 0)
        {
            _transcriptLog ??= OpenTranscriptLog();
            _transcriptLog.Write(transcriptBuffer.WrittenSpan);
            _transcriptLog.Flush(flushToDisk: false);
            transcriptBuffer.ResetWrittenCount();
        }

        _log!.Write(buffer.WrittenSpan);
        _log.Flush(flushToDisk: false);
        buffer.ResetWrittenCount();
        Interlocked.Add(ref _written, drained);
        drained = 0;
    }

    private void StartSegment()
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{_segmentPrefix}-{_segmentNumber:D4}{StoreLayout.JsonLinesExtension}");
        _log = new FileStream(Path.Combine(_folder, name), FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);
        _segmentCount = 0;
        if (_segmentWriter is ParquetSegmentWriter parquet)
        {
            _streamed = new StreamedParquetSegment(_layout, parquet.RowGroupSize, StreamedSegmentUse.Live);
        }
    }

    // Gathers the record into the open segment's Parquet file as it is logged, so the seal need not read the log back.
    private void GatherIntoStreamedFile(ResultRecord record)
    {
        if (_streamed is not { } streamed)
        {
            return;
        }

        try
        {
            streamed.Add(record);
        }
        catch (ArgumentException)
        {
            // A record the column buffers refuse leaves them a partial row. The segment is then sealed from its log, as
            // it was before row groups were streamed, and that seal reports the record by its position in the segment.
            AbandonStreamed();
        }
    }

    private void AbandonStreamed()
    {
        _streamed?.Dispose();
        _streamed = null;
    }

    private FileStream OpenTranscriptLog()
    {
        var folder = TranscriptFiles.LogFolder(_folder);
        Directory.CreateDirectory(folder);
        return new FileStream(Path.Combine(folder, Path.GetFileName(_log!.Name)), FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);
    }

    private void SealSegment(bool startNext)
    {
        var log = _log!;
        var logPath = log.Name;
        var segmentName = Path.GetFileNameWithoutExtension(logPath);
        var sealedRecords = _segmentCount > 0;
        log.Flush(flushToDisk: true);
        log.Dispose();
        if (_segmentCount == 0)
        {
            AbandonStreamed();
            File.Delete(logPath);
        }
        else if (Format == StorageFormat.Json)
        {
            _sealedFiles.Add(SegmentSealer.MoveLog(_layout, logPath, RunId, segmentName, _segmentSummary.Build()));
        }
        else if (_streamed is { } streamed && streamed.RecordCount == _segmentCount)
        {
            // Its full row groups are already in the file: only the last one and the footer are left to write.
            _streamed = null;
            _sealedFiles.Add(SegmentSealer.SealStreamed(_layout, streamed, RunId, segmentName, _segmentSummary.Build()));
            File.Delete(logPath);
        }
        else
        {
            // Read back from the log (in the page cache), a row group at a time: the writer holds no segment of records.
            AbandonStreamed();
            _sealedFiles.Add(SegmentSealer.SealLog(_layout, _segmentWriter, logPath, _segmentCount, RunId, segmentName, _segmentSummary.Build()));
            File.Delete(logPath);
        }

        if (_transcriptLog is { } transcriptLog)
        {
            // Sealed after the records it belongs to: a crash in between leaves the log for the next writer or compact to seal.
            transcriptLog.Flush(flushToDisk: true);
            transcriptLog.Dispose();
            _transcriptLog = null;
            TranscriptFiles.SealLog(_layout, transcriptLog.Name, RunId, Format, static _ => { });
        }

        _segmentSummary.Clear();
        if (startNext)
        {
            _segmentNumber++;
            StartSegment();
        }

        if (sealedRecords)
        {
            _options.Sealed?.Invoke();
        }
    }

    private void Release()
    {
        TranscriptFiles.RemoveEmptyLogFolder(_folder);
        WriterManifest.Delete(_folder);
        _lock.DeleteWhileHeld();
        _lock.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: false);
        }
        catch (IOException)
        {
            // Another writer of the same run took the folder over after we unlocked it.
        }
    }

    private void CompleteFlush(long ticket)
    {
        lock (_gate)
        {
            Interlocked.Exchange(ref _flushCompleted, ticket);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Throws, once every other record is sealed, for the records refused as over the line cap (none is lost without a word).</summary>
    private void ThrowIfRefused()
    {
        if (!_refused.IsEmpty)
        {
            var refusals = _refused.ToArray();
            _refused.Clear();
            throw new StoreWriteException(refusals.Length == 1 ? refusals[0] : $"{refusals.Length} records were not written: {string.Join(" ", refusals)}");
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw new StoreWriteException(failure.Message, failure);
        }
    }
}
