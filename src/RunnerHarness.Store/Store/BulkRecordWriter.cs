using System.Globalization;
using RunnerHarness.Schema;
using RunnerHarness.Store.Parquet;
using RunnerHarness.Store.Summaries;
using RunnerHarness.Store.Transcripts;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Store;

/// <summary>
/// Writes records whose input is already durable (an import's file, a generator's seed) straight into sealed files, without
/// the live writer's per-record write-ahead log: the records stream into segment-sized files under <c>tmp/</c> that are
/// fsynced, named by their checksum and renamed into <c>data/runs/&lt;run&gt;/</c> (<see cref="SegmentSealer"/>), each with
/// its summary. A file appears whole or not at all, so a killed write leaves only complete files visible (re-running an
/// import adds nothing twice: its ids are its input's); a write that fails with an error removes the files it sealed.
/// Records are stamped as the live writer stamps them (<see cref="RecordStamp"/>). Not thread-safe: one write at a time.
/// </summary>
internal sealed class BulkRecordWriter
{
    private readonly StoreLayout _layout;
    private readonly IHoldingsRule _holdings;
    private readonly ISegmentWriter _segmentWriter;
    private readonly WriterIdentity _identity;
    private readonly RecordStamp _stamp;
    private readonly int _segmentRecordLimit;

    /// <summary>Creates a bulk writer of run <paramref name="identity"/> into the store at <paramref name="layout"/>.</summary>
    /// <param name="layout">The store.</param>
    /// <param name="holdings">The rule the sealed files' summaries count held samples by.</param>
    /// <param name="format">The format of the sealed files.</param>
    /// <param name="identity">The run (and scope, shard) stamped on records that have none.</param>
    /// <param name="segmentRecordLimit">The most records a sealed file holds (the live writer's segment size by default).</param>
    public BulkRecordWriter(StoreLayout layout, IHoldingsRule holdings, StorageFormat format, WriterIdentity identity, int segmentRecordLimit = 100_000)
    {
        _layout = layout ?? throw new ArgumentNullException(nameof(layout));
        _holdings = holdings ?? throw new ArgumentNullException(nameof(holdings));
        _identity = identity ?? throw new ArgumentNullException(nameof(identity));
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentRecordLimit, 1);
        _segmentWriter = SegmentFormats.WriterFor(format);
        _stamp = new RecordStamp(identity);
        _segmentRecordLimit = segmentRecordLimit;
        Format = format;
    }

    /// <summary>The format records are sealed in.</summary>
    public StorageFormat Format { get; }

    /// <summary>Runs when a failed write has settled its seals, before its clean-up: tests start a compaction here.</summary>
    internal Action? BeforeCleanup { get; init; }

    /// <summary>
    /// How long a failed write's clean-up waits for a running compaction to release <c>compact.lock</c> before it leaves the
    /// files it sealed in place (named in its error); 10 minutes by default.
    /// </summary>
    internal TimeSpan CleanupLockTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The clock that wait is measured and paced by.</summary>
    internal TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// Seals <paramref name="records"/> (each with its transcript, or none when <see langword="null"/> or empty), enumerated once.
    /// A record's transcript is sealed before the file holding the record appears.
    /// </summary>
    /// <returns>How many records were sealed, and into which files.</returns>
    /// <exception cref="StoreWriteException">
    /// The store could not be written; the files this write had sealed were removed again, under <c>compact.lock</c>. A file a
    /// compaction had merged already, or one the clean-up could not remove, is named: its records stay, counted once by id.
    /// </exception>
    public WriterSummary Write(IEnumerable<(ResultRecord Record, IReadOnlyList<TranscriptMessage>? Transcript)> records) =>
        Write(records, beforePublish: null);

    /// <summary>
    /// As <see cref="Write(IEnumerable{ValueTuple{ResultRecord, IReadOnlyList{TranscriptMessage}}})"/>, but when
    /// <paramref name="beforePublish"/> is given every file is staged under <c>tmp/</c> (fsynced, read by no reader) while the
    /// records stream past, <paramref name="beforePublish"/> runs once all of them were written, and only when it returns
    /// <see langword="true"/> are the files renamed into place, each with its summary. A check that needs the whole input seen
    /// (an import's column and conflict checks) so needs the input read only once; when it, the input or a rename throws,
    /// nothing of the write is left in <c>data/</c> or <c>tmp/</c>. When it returns <see langword="false"/> (an import that found
    /// some of its records stored already) the staged files are deleted and the write returns no records and no files. Staged
    /// records carry no transcripts (a transcript's file is sealed before its records').
    /// </summary>
    /// <exception cref="ArgumentException">A record carries a transcript while <paramref name="beforePublish"/> is given.</exception>
    public WriterSummary Write(IEnumerable<(ResultRecord Record, IReadOnlyList<TranscriptMessage>? Transcript)> records, Func<bool>? beforePublish)
    {
        ArgumentNullException.ThrowIfNull(records);
        var staging = beforePublish is not null;
        var seals = new SealQueue();
        var staged = new List<(string Stem, Func<SegmentSummary> Summary)>();
        var published = new List<string>();
        var sealedTranscripts = new List<string>();
        var prefix = string.Create(CultureInfo.InvariantCulture,
            $"{StoreLayout.SafeFileName(_stamp.Host)}-{_stamp.ProcessId}-{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Random.Shared.Next(0x10000):x4}");
        long count = 0;
        var compactedBefore = BulkWriteUndo.CompactedFiles(_layout);
        try
        {
            using var source = records.GetEnumerator();
            var more = source.MoveNext();
            var summary = new SegmentSummaryBuilder(_holdings);
            var transcripts = new List<TranscriptRow>();
            for (var segment = 0; more; segment++)
            {
                var segmentName = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{segment:D4}");
                var transcriptPart = 0;
                summary.Clear();

                void SealTranscripts()
                {
                    if (transcripts.Count > 0)
                    {
                        var stem = string.Create(CultureInfo.InvariantCulture, $"{segmentName}-t{transcriptPart++:D4}");
                        try
                        {
                            sealedTranscripts.Add(TranscriptFiles.Seal(_layout, _layout.TranscriptRunDirectory(_identity.RunId), stem, Format, transcripts));
                        }
                        catch (UnfinishedSealException ex)
                        {
                            sealedTranscripts.Add(ex.SealedFile);
                            throw;
                        }

                        transcripts.Clear();
                    }
                }

                // Pulled by the segment writer a row group at a time: no segment of records is ever held.
                IEnumerable<ResultRecord> Segment()
                {
                    var inSegment = 0;
                    do
                    {
                        var (record, transcript) = source.Current;
                        if (staging && transcript is { Count: > 0 })
                        {
                            throw new ArgumentException("A staged bulk write carries no transcripts; write records with transcripts without a check before publishing.", nameof(records));
                        }

                        var stamped = _stamp.Stamped(record ?? throw new ArgumentException("A record to write is null.", nameof(records)));
                        for (var i = 0; i < (transcript?.Count ?? 0); i++)
                        {
                            transcripts.Add(new TranscriptRow(stamped.RecordId, i, transcript![i]));
                        }

                        if (transcripts.Count >= TranscriptFiles.MaxRowsPerFile)
                        {
                            SealTranscripts();
                        }

                        summary.Add(stamped);
                        inSegment++;
                        yield return stamped;
                        more = source.MoveNext();
                    }
                    while (more && inSegment < _segmentRecordLimit);

                    // Before the records' file is renamed into place, so that a record never shows without its transcript.
                    SealTranscripts();
                    count += inSegment;
                }

                if (_segmentWriter is ParquetSegmentWriter parquet)
                {
                    // Gathered into columns here, encoded and sealed on the pool while the next segment gathers.
                    var streamed = new StreamedParquetSegment(_layout, parquet.RowGroupSize);
                    try
                    {
                        foreach (var record in Segment())
                        {
                            AddTo(streamed, record, count);
                        }
                    }
                    catch
                    {
                        streamed.Dispose();
                        throw;
                    }

                    var built = summary.Build();
                    var name = segmentName;
                    try
                    {
                        if (staging)
                        {
                            staged.Add((name, () => built));
                            seals.Start(() => SegmentSealer.StageStreamed(streamed));
                        }
                        else
                        {
                            seals.Start(() => SegmentSealer.SealStreamed(_layout, streamed, _identity.RunId, name, built));
                        }
                    }
                    catch
                    {
                        // An earlier segment's seal failed: this one never started.
                        streamed.Dispose();
                        throw;
                    }
                }
                else if (staging)
                {
                    seals.Run(() => SegmentSealer.Stage(_layout, _segmentWriter, Segment()));
                    var built = summary.Build();
                    staged.Add((segmentName, () => built));
                }
                else
                {
                    seals.Run(() => SegmentSealer.Seal(_layout, _segmentWriter, Segment(), _identity.RunId, segmentName, summary.Build));
                }
            }

            seals.Wait();
            if (staging)
            {
                if (!beforePublish!())
                {
                    // Staged under tmp/, read by no reader and renamed nowhere: deleting them is the whole undo.
                    DeleteStaged(seals.Sealed);
                    return new WriterSummary(0, []);
                }

                Publish(seals.Sealed, staged, published);
            }
        }
        catch (Exception ex)
        {
            // The files were named by this write a moment ago (host, process, time, random): they are its own to remove.
            seals.Settle();
            var sealedFiles = staging ? published : seals.Sealed;
            if (staging)
            {
                DeleteStaged(seals.Sealed);
            }

            BeforeCleanup?.Invoke();

            // Under compact.lock, so that no compaction merges or reads a file while it is removed; one a compaction merged
            // before is not the write's own any more, and the error says its records stay.
            var (outcome, undone) = new BulkWriteUndo(_layout, Clock, CleanupLockTimeout).Undo(sealedFiles, sealedTranscripts, compactedBefore);
            if (ex is IOException or UnauthorizedAccessException || !undone)
            {
                throw new StoreWriteException(
                    $"RunnerHarness could not write the store {_layout.Root}: {ex.Message} {outcome}; its input is unchanged, write it again.",
                    ex);
            }

            throw;
        }

        return new WriterSummary(count, staging ? [.. published] : [.. seals.Sealed]);
    }

    // In the order written. A file renamed in stays listed in published, so that a later rename's failure removes it again: a
    // failed write leaves none of its files. A crash between two renames leaves the first ones whole and checksummed in data/,
    // as a killed bulk write does (docs/store.md "Bulk writes").
    private void Publish(IReadOnlyList<string> stagedFiles, List<(string Stem, Func<SegmentSummary> Summary)> staged, List<string> published)
    {
        var directory = _layout.RunDirectory(_identity.RunId);
        for (var i = 0; i < stagedFiles.Count; i++)
        {
            try
            {
                published.Add(SegmentSealer.Publish(_layout, stagedFiles[i], directory, staged[i].Stem, _segmentWriter.Extension, staged[i].Summary()));
            }
            catch (UnfinishedSealException ex)
            {
                // Renamed in before its folder's flush failed: removed with the others, under compact.lock.
                published.Add(ex.SealedFile);
                throw;
            }
        }
    }

    // Staged files are this write's own, under tmp/ (named by this process); one already renamed is gone from there.
    private static void DeleteStaged(IReadOnlyList<string> stagedFiles)
    {
        foreach (var file in stagedFiles)
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The failure being thrown is the one to report; a file left under tmp/ is read by no reader, and compact removes it.
            }
        }
    }

    // The record is named by its position in the whole write, as the record path's gathering names it.
    private static void AddTo(StreamedParquetSegment segment, ResultRecord record, long before)
    {
        try
        {
            segment.Add(record);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Record {before + segment.RecordCount} cannot be written: {ex.Message}", nameof(record), ex);
        }
    }
}
