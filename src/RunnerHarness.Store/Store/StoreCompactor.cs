using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using RunnerHarness.Schema;
using RunnerHarness.Store.Parquet;
using RunnerHarness.Store.Summaries;
using RunnerHarness.Store.Transcripts;

namespace RunnerHarness.Store;

/// <summary>
/// Merges the sealed files of a store into few large ones, deduplicating by <c>record_id</c>, safely
/// while writers and readers run: merged files are renamed into <c>data/compacted/</c> first, and
/// only then are their sources removed, so every record stays visible to a reader at every instant
/// (at worst twice, which readers deduplicate). Files it cannot read completely are never removed.
/// </summary>
internal sealed class StoreCompactor
{
    private readonly IHoldingsRule _holdings;

    /// <summary>Creates a compactor of the store at <paramref name="layout"/>.</summary>
    /// <param name="layout">The store.</param>
    /// <param name="holdings">The rule the store's summaries count held samples by (<see cref="IHoldingsRule"/>).</param>
    public StoreCompactor(StoreLayout layout, IHoldingsRule holdings)
    {
        Layout = layout ?? throw new ArgumentNullException(nameof(layout));
        _holdings = holdings ?? throw new ArgumentNullException(nameof(holdings));
    }

    /// <summary>The store compacted.</summary>
    public StoreLayout Layout { get; }

    /// <summary>Seals dead writers' logs, then merges every sealed file (per format, or all into <see cref="CompactionOptions.TargetFormat"/>).</summary>
    /// <exception cref="StoreWriteException">Another compaction of this store is running, or the store cannot be written.</exception>
    public CompactionResult Compact(CompactionOptions? options = null)
    {
        options ??= new CompactionOptions();
        using var compactionLock = AcquireLock();
        var problems = new List<StoreProblem>();
        RemoveStaleTemporaryFiles(problems);
        problems.AddRange(LogRecovery.SealOrphanedLogs(Layout, _holdings, options.RecoveryFormat));

        // Links under data/ are reported and left alone: what they point to is not the store's to merge or delete.
        var listing = Layout.ListData();
        problems.AddRange(listing.Links);
        var sources = listing.Files.Where(f => SegmentFormats.ReaderFor(f) is not null).ToArray();
        var groups = options.TargetFormat is { } target
            ? [(Format: target, Files: sources)]
            : sources.GroupBy(FormatOf).Select(g => (Format: g.Key, Files: g.ToArray())).ToArray();

        var read = new List<string>();
        var seals = new SealQueue();
        StreamedParquetSegment? output = null;
        var kept = new List<string>();
        var untouched = new List<string>();
        long records = 0, duplicates = 0, copied = 0;
        var outputs = 0;

        var newer = NewerFiles(groups.Where(g => !IsLeftAsIs(g.Format, g.Files)).SelectMany(g => g.Files));
        options.NewerFilesFound?.Invoke(newer);
        foreach (var (file, description) in newer)
        {
            problems.Add(new StoreProblem(StoreProblemKind.NewerFormatFile, Layout.Relative(file),
                $"{description}; kept in place, not merged: rewriting it here would drop what this version cannot read. Compact with the newer harness to merge it"));
        }

        // Which copy of a repeated id is merged is decided by the rule every reader applies (CopyPrecedence), over the
        // files in the order they are read here, so the answer does not move when merged files land in data/compacted/.
        var readOrder = groups.Where(g => !IsLeftAsIs(g.Format, g.Files)).SelectMany(g => g.Files).Where(f => !newer.ContainsKey(f)).ToList();
        var plan = ConflictPlan.Of(readOrder);
        var readIndex = readOrder.Select((f, i) => (f, i)).ToDictionary(p => p.f, p => p.i, StringComparer.Ordinal);

        try
        {
            var seen = new RecordIdSet();
            var done = 0;
            foreach (var (format, files) in groups)
            {
                if (IsLeftAsIs(format, files))
                {
                    done += files.Length;
                    untouched.AddRange(files);
                    continue;
                }

                var writer = SegmentFormats.WriterFor(format);

                // Into Parquet, a merged file's records are gathered into column buffers as they are read (no batch of
                // records is held) and the file is encoded and sealed on the pool while the next one is read.
                var parquet = writer as ParquetSegmentWriter;
                var batch = new List<ResultRecord>(parquet is null ? Math.Min(options.RecordsPerFile, 1 << 16) : 0);
                var summary = new SegmentSummaryBuilder(_holdings);
                long batchRecords = 0, batchBytes = 0;
                foreach (var file in files)
                {
                    if (newer.ContainsKey(file))
                    {
                        kept.Add(file);
                        options.Progress?.Invoke(++done, sources.Length);
                        continue;
                    }

                    var fileProblems = new List<StoreProblem>();
                    var index = readIndex[file];

                    // Parquet into Parquet copies the decoded columns (no record a row; ParquetColumnBuffer.CopyRows writes
                    // the bytes the record path writes). Any other pair reads records: a JSON Lines source has no columns
                    // to copy, and a JSON Lines output is written from records. Files whose columns this version does not
                    // know (a newer harness's) never get here: NewerFiles keeps them in place, unread.
                    var complete = parquet is not null && options.CopyParquetColumns && SegmentFormats.ReaderFor(file) is ParquetSegmentReader
                        ? Guarded(file, fileProblems, failure => CopyRowGroups(file, index, plan, seen, ref duplicates, failure, (rowGroup, rows) =>
                        {
                            var columns = rowGroup.ColumnsOf(ParquetRecordColumns.All);
                            var summarised = rowGroup.Only(summary.Columns);
                            var memory = new ParquetRowGroupMemory(rowGroup);
                            copied += rows.Length;
                            var start = 0;
                            for (var i = 0; i < rows.Length; i++)
                            {
                                summary.Add(rowGroup.Record(rows[i], summarised));
                                if (Counted(memory.Estimate(rows[i])))
                                {
                                    // The file is full with this row: it takes the rows so far and is sealed, as in the record path.
                                    (output ??= new StreamedParquetSegment(Layout, parquet.RowGroupSize)).AddRows(columns, rows.AsSpan(start, i + 1 - start));
                                    start = i + 1;
                                    SealOutput();
                                }
                            }

                            if (start < rows.Length)
                            {
                                (output ??= new StreamedParquetSegment(Layout, parquet.RowGroupSize)).AddRows(columns, rows.AsSpan(start));
                            }
                        }))
                        : Guarded(file, fileProblems, failure => ReadRecords(file, index, plan, seen, fileProblems, ref duplicates, failure, record =>
                        {
                            if (parquet is null)
                            {
                                batch.Add(record);
                            }
                            else
                            {
                                (output ??= new StreamedParquetSegment(Layout, parquet.RowGroupSize)).Add(record);
                                summary.Add(record);
                            }

                            if (Counted(RecordMemory.Estimate(record)))
                            {
                                SealOutput();
                            }
                        }));
                    problems.AddRange(fileProblems);
                    if (complete && plan.FilesWithOtherCopies.Contains(index))
                    {
                        // Its losing copies differ from the ones merged: removing it would decide a conflict for a person.
                        problems.Add(new StoreProblem(StoreProblemKind.ConflictingDuplicate, Layout.Relative(file),
                            "holds copies of record ids that other files hold with other content; the copies that count (earliest finished_at, then content hash) were merged, and this file is kept in place so that no copy is lost. 'runner-harness verify' names them"));
                        complete = false;
                    }

                    (complete ? read : kept).Add(file);
                    options.Progress?.Invoke(++done, sources.Length);
                }

                if (batchRecords > 0)
                {
                    SealOutput();
                }

                // Counts one more merged record of estimated bytes; whether its file is now full. A merged file holds at most
                // RecordsPerFile records and BytesPerFile of them in memory: large records (model transcripts) make smaller
                // files instead of a batch that grows with them.
                bool Counted(long bytes)
                {
                    batchRecords++;
                    batchBytes += bytes;
                    return batchRecords >= options.RecordsPerFile || batchBytes >= options.BytesPerFile;
                }

                void SealOutput()
                {
                    var sequence = outputs++;
                    if (parquet is null)
                    {
                        seals.Run(() => SealBatch(writer, batch, sequence));
                        batch.Clear();
                    }
                    else
                    {
                        var segment = output!;
                        var built = summary.Build();
                        summary.Clear();

                        // Left in output until the seal has it: an earlier seal's failure, rethrown here, abandons it.
                        seals.Start(() => SegmentSealer.SealStreamedInto(Layout, segment, Layout.CompactedDirectory, NewStem(sequence), built));
                        output = null;
                    }

                    records += batchRecords;
                    batchRecords = 0;
                    batchBytes = 0;
                }
            }

            seals.Wait();
            options.VerifyBeforeRemoving?.Invoke(sources, [.. seals.Sealed, .. kept, .. untouched]);
        }
        catch (Exception ex)
        {
            // Whatever failed (a full disk, a verification), the store must be left as it was found:
            // merged files that stayed would win the deduplication over their sources later.
            output?.Dispose();
            seals.Settle();
            var left = RemoveOutputs(seals.Sealed);
            if (left.Count > 0)
            {
                // The failure's own message says the merged files were removed; these were not, so it must not be the last word.
                throw new StoreWriteException(
                    $"Compaction of {Layout.Root} failed ({ex.Message}), and {left.Count} of its merged file(s) could not be removed again: " +
                    $"{string.Join(", ", left.Select(Layout.Relative))}. Each is whole and repeats records its sources still hold, which readers count once by id; remove them.",
                    ex);
            }

            throw;
        }

        foreach (var file in read)
        {
            RemoveSource(file, problems);
        }

        // Transcripts follow their records into the same format; they are keyed by record_id, so they merge on their own.
        var (transcriptsRead, transcriptsWritten) = new TranscriptCompactor(Layout).Compact(options.TargetFormat, problems);
        return new CompactionResult(read, [.. seals.Sealed], records, duplicates, kept, problems)
        {
            RecordsCopiedAsColumns = copied,
            TranscriptFilesRead = transcriptsRead,
            TranscriptFilesWritten = transcriptsWritten,
        };
    }

    // A lone file is left as it is, unless it predates checksums: rewriting gives it one.
    private static bool IsLeftAsIs(StorageFormat format, string[] files) =>
        files.Length < 2 && files.All(f => FormatOf(f) == format && SegmentChecksum.IsInName(f));

    /// <summary>The checksummed files among <paramref name="files"/> that a newer harness wrote, with what makes each newer.</summary>
    private static Dictionary<string, string> NewerFiles(IEnumerable<string> files)
    {
        // Each file is read whole (its checksum and every line's names), so they are asked on both cores; the answers are
        // gathered in the files' order.
        var checksummed = files.Where(SegmentChecksum.IsInName).ToArray();
        var descriptions = new string?[checksummed.Length];
        var failures = new ExceptionDispatchInfo?[checksummed.Length];
        Parallel.For(0, checksummed.Length, i =>
        {
            try
            {
                descriptions[i] = NewerFormatCheck.Describe(checksummed[i]);
            }
            catch (Exception ex) when (ex is CorruptSegmentException or IOException or UnauthorizedAccessException)
            {
                // Damage or an unreadable file: the merge's own read of it reports it and keeps it in place.
            }
            catch (Exception ex)
            {
                // Thrown below, the first in the files' order, as a check of one file after another throws it.
                failures[i] = ExceptionDispatchInfo.Capture(ex);
            }
        });

        var newer = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < checksummed.Length; i++)
        {
            failures[i]?.Throw();
            if (descriptions[i] is { } description)
            {
                newer.Add(checksummed[i], description);
            }
        }

        return newer;
    }

    /// <returns>The merged files still in the store afterwards.</returns>
    private List<string> RemoveOutputs(IReadOnlyList<string> written)
    {
        var left = new List<string>();
        foreach (var file in written)
        {
            try
            {
                SegmentSealer.Remove(Layout, file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Reported with the original failure by the caller; this file repeats records that stay in their sources.
            }

            if (File.Exists(file))
            {
                left.Add(file);
            }
        }

        return left;
    }

    private void RemoveSource(string file, List<StoreProblem> problems)
    {
        try
        {
            SegmentSealer.Remove(Layout, file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add(new StoreProblem(StoreProblemKind.UndeletedSource, Layout.Relative(file),
                $"merged, but it cannot be removed ({ex.Message}); its records are also in the merged files and readers count each once. Remove it once it can be"));
        }
    }

    private void RemoveStaleTemporaryFiles(List<StoreProblem> problems)
    {
        foreach (var file in TemporaryFiles.Stale(Layout, problems.Add))
        {
            try
            {
                StoreLinks.DeleteOwnFile(Layout, file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add(new StoreProblem(StoreProblemKind.UnknownFile, Layout.Relative(file), $"left by a process that is gone, and it cannot be removed: {ex.Message}"));
            }
        }
    }

    private static StorageFormat FormatOf(string path) =>
        path.EndsWith(StoreLayout.ParquetExtension, StringComparison.OrdinalIgnoreCase) ? StorageFormat.Parquet : StorageFormat.Json;

    // Runs read, which reads file and hands what counts to a merge; whether the file was read completely without damage.
    // A merged file that cannot be written (a full disk) fails the compaction: read puts the merge's failure in the box
    // it is given, so that it is not taken for this source being unreadable.
    private bool Guarded(string file, List<StoreProblem> problems, Action<StrongBox<Exception?>> read)
    {
        var mergeFailure = new StrongBox<Exception?>();
        try
        {
            read(mergeFailure);
        }
        catch (CorruptSegmentException ex)
        {
            problems.Add(new StoreProblem(StoreProblemKind.CorruptFile, Layout.Relative(file), $"{ex.Message}; kept in place, not merged"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && !ReferenceEquals(ex, mergeFailure.Value))
        {
            // Not a vanished file: sources cannot vanish while we hold the compaction lock.
            problems.Add(new StoreProblem(StoreProblemKind.UnreadableFile, Layout.Relative(file), $"cannot be read ({ex.Message}); kept in place, not merged"));
        }

        // A file with any damage keeps its place: what could not be read must not be deleted.
        return problems.Count == 0;
    }

    // The records of file that count (the copy the plan keeps of a repeated id, and an id not merged before), to merge.
    private static void ReadRecords(
        string file, int index, ConflictPlan plan, RecordIdSet seen, List<StoreProblem> problems, ref long duplicates, StrongBox<Exception?> mergeFailure, Action<ResultRecord> merge)
    {
        long position = -1;
        foreach (var record in SegmentFormats.ReaderFor(file)!.Read(file, RecordProjection.All, problems.Add))
        {
            position++;
            if (!plan.Counts(record.RecordId, index, position) || !seen.Add(record.RecordId))
            {
                duplicates++;
                continue;
            }

            Merge(merge, record, mergeFailure);
        }
    }

    // The row groups of the Parquet file, each with the rows that count as ReadRecords decides them (a row without an id
    // is the record id "", as in its record), to merge; the row group is valid until merge returns.
    private static void CopyRowGroups(
        string file, int index, ConflictPlan plan, RecordIdSet seen, ref long duplicates, StrongBox<Exception?> mergeFailure, Action<ParquetRowGroup, int[]> merge)
    {
        long position = -1;
        foreach (var rowGroup in ParquetSegmentReader.RowGroups(file, RecordProjection.All))
        {
            var ids = rowGroup.Texts(RecordColumns.RecordId);
            var rows = new List<int>(rowGroup.RowCount);
            for (var row = 0; row < rowGroup.RowCount; row++)
            {
                position++;
                var id = ids?[row] ?? string.Empty;
                if (!plan.Counts(id, index, position) || !seen.Add(id))
                {
                    duplicates++;
                    continue;
                }

                rows.Add(row);
            }

            Merge(g => merge(g, [.. rows]), rowGroup, mergeFailure);
        }
    }

    private static void Merge<T>(Action<T> merge, T read, StrongBox<Exception?> failure)
    {
        try
        {
            merge(read);
        }
        catch (Exception ex)
        {
            failure.Value = ex;
            throw;
        }
    }

    private static string NewStem(int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMdd-HHmmssfff}-{Guid.NewGuid():N}-{sequence:D4}");

    private string SealBatch(ISegmentWriter writer, List<ResultRecord> batch, int sequence)
    {
        var summary = new SegmentSummaryBuilder(_holdings).AddRange(batch).Build();
        var merged = SegmentSealer.WriteThenRename(Layout, Layout.CompactedDirectory, NewStem(sequence), writer.Extension, stream => writer.Write(batch, stream));
        SegmentSealer.WriteSummary(Layout, merged, summary);
        return merged;
    }

    private FileStream AcquireLock() => CompactionLock.Acquire(Layout);
}
