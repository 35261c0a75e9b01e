using RunnerHarness.Schema;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Store.Parquet;

namespace RunnerHarness.Store;

/// <summary>
/// Streams every record of a store once: all files under <c>data/</c> in both formats (and, when asked,
/// live write-ahead logs), deduplicated by <c>record_id</c> (unless the query turns that off). Memory holds the ids in one
/// set, the conflict plan's (a store of Parquet files only is proven to hold each id once before it is streamed, and its
/// records are then yielded with no id checked: <see cref="YieldedIds"/>), and one row group at a time, never the
/// records. Corrupt files and lines are reported in <see cref="Problems"/> and skipped. Safe while writers seal and compaction merges: a file that vanishes mid-read was
/// merged into a file that is already in place, so the reader lists <c>data/</c> again and reads it.
/// </summary>
public sealed class StoreReader
{
    // How often a read plans anew because a file vanished under its plan (ConflictPlan.MissedAVanishedFile): each time
    // takes a compaction finishing meanwhile; past this, the read goes on with the plan it has, which yields each id once
    // and decides a conflict among the copies the plan saw, and reports a StoreProblemKind.VanishedFile.
    private const int MostReplans = 3;

    private readonly List<StoreProblem> _problems = [];
    private readonly HashSet<string> _reportedLinks = new(StringComparer.Ordinal);

    /// <summary>Creates a reader of the store at <paramref name="layout"/>.</summary>
    public StoreReader(StoreLayout layout) => Layout = layout ?? throw new ArgumentNullException(nameof(layout));

    /// <summary>The store read.</summary>
    public StoreLayout Layout { get; }

    /// <summary>The problems met by the reads so far: corrupt files, bad lines, torn log tails, unknown files.</summary>
    public IReadOnlyList<StoreProblem> Problems => _problems;

    /// <summary>
    /// How many duplicate records (same <c>record_id</c>) the reads so far skipped. Of copies that differ, the one with
    /// the earliest <c>finished_at</c>, then the smaller content hash, is kept (<see cref="CopyPrecedence"/>), whatever
    /// the files' paths; records of unsealed logs count only for ids no sealed file holds.
    /// </summary>
    public long DuplicatesSkipped { get; private set; }

    /// <summary>
    /// How many records the reads so far took from files whose conflict plan proved every id held once
    /// (<see cref="ConflictPlan.ProvesUniqueIds"/>), so that the read checked and kept none of their ids.
    /// </summary>
    internal long RecordsProvenUnique { get; private set; }

    /// <summary>
    /// The most files whose ids the last read's id pass held at once (<see cref="ConflictPlan.MostFilesHeld"/>): every
    /// file's when it held them all, fewer when it let the ids of files it had passed go; 0 when its plan proved nothing.
    /// </summary>
    internal int IdPassFilesHeld { get; private set; }

    /// <summary>
    /// Called by a read each time its conflict plan's id pass has ended (again when the read plans anew), before the plan
    /// reads the copies of repeated ids (<see cref="ConflictPlan.Of"/>): the one point between those passes, where tests
    /// run a compaction that merges and removes the files being read. <see langword="null"/> (nothing called) unless set.
    /// </summary>
    internal Action? IdPassEnded { get; init; }

    /// <summary>How many records the reads so far took from the logs of writers that are gone (not sealed yet).</summary>
    public long DeadWriterRecords { get; private set; }

    /// <summary>Streams the records <paramref name="query"/> asks for, each id once.</summary>
    /// <exception cref="DirectoryNotFoundException">The store directory does not exist.</exception>
    /// <exception cref="ArgumentException">The query reads only run folders but names no run.</exception>
    public IEnumerable<ResultRecord> Read(RecordQuery? query = null)
    {
        query ??= RecordQuery.All;
        Check(query);
        return ReadCore(query, rowGroups: false).Select(c => c.Record!);
    }

    /// <summary>
    /// <see cref="Read"/>, with the records of Parquet files the conflict plan proves (and a query without a filter) as
    /// whole decoded row groups instead of a record a row, for a caller that folds columns (the report); the same
    /// records, in the same order, as <see cref="Read"/>. A row group is valid until the enumeration moves past it.
    /// </summary>
    internal IEnumerable<RecordChunk> ReadChunks(RecordQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        Check(query);
        return ReadCore(query, rowGroups: true);
    }

    private void Check(RecordQuery query)
    {
        if (query.RunFoldersOnly && query.Filter.RunIds.Count == 0)
        {
            throw new ArgumentException($"A query with {nameof(RecordQuery.RunFoldersOnly)} must name the runs in its filter's {nameof(RecordFilter.RunIds)}.", nameof(query));
        }

        if (!Directory.Exists(Layout.Root))
        {
            throw new DirectoryNotFoundException($"The store directory {Layout.Root} does not exist.");
        }
    }

    private IEnumerable<RecordChunk> ReadCore(RecordQuery query, bool rowGroups)
    {
        var projection = query.Projection.With(query.Filter.Columns);
        if (!query.Deduplicate && !query.Filter.Columns.Contains(RecordColumns.RecordId))
        {
            projection = projection.WithoutRecordId();
        }

        // Logs are opened before data/ is listed: a log sealed in between is then either still readable
        // through its open handle or already listed under data/, never missed.
        var runIds = query.RunFoldersOnly ? query.Filter.RunIds : null;
        var logs = query.IncludeLiveLogs ? OpenLogs(Layout, runIds, _problems.Add, writersGoneOnly: false)
            : query.IncludeDeadWritersLogs ? OpenLogs(Layout, runIds, _problems.Add, writersGoneOnly: true)
            : [];
        var done = new HashSet<string>(StringComparer.Ordinal);

        // The files the plan's id pass checked against their checksums stay open for their read, which then hashes none
        // of them again; the handles no read took are closed when the enumeration ends.
        using var verified = new VerifiedSegments();
        ConflictPlan? plan = null;
        var replans = 0;
        YieldedIds? seen = null;
        ParquetRowGroupRead? ahead = null;
        var decodeSets = new ParquetDecodeSets();
        bool relist;
        try
        {
            do
            {
                relist = false;
                var files = Files(query).Where(done.Add).ToList();

                // Which copy of a repeated id counts is decided before streaming (CopyPrecedence), on the first listing.
                // Files listed again after one vanished are the merged files of a compaction, which kept those same copies.
                var planned = plan is null;
                // With no log to read after the files, no id is looked up once they are read, so the plan may let ids go.
                plan ??= query.Deduplicate ? ConflictPlan.Of(files, locate: true, verified, idsNeededAfter: logs.Count > 0, IdPassEnded) : ConflictPlan.None;
                if (planned && plan.MissedAVanishedFile && replans++ < MostReplans)
                {
                    // A file the plan opened by its path was gone (merged by a compaction): nothing is yielded yet, so the
                    // store is listed and planned anew, the merged file in the gone one's place, its handles opened again.
                    plan = null;
                    verified.LetGo();
                    done.ExceptWith(files);
                    relist = true;
                    continue;
                }

                if (planned && plan.MissedAVanishedFile)
                {
                    // Past MostReplans the read goes on with this plan: each id is still yielded once, but a conflict may
                    // have been decided without the copy in the vanished file, so the read says so rather than stay silent.
                    _problems.Add(new StoreProblem(StoreProblemKind.VanishedFile, "data/",
                        $"files vanished under this read's conflict plan {MostReplans + 1} times (compactions finishing during the read); a record id held in copies of different content may have been decided without the copy of a vanished file: read again when compaction is done"));
                }

                if (planned && query.Deduplicate)
                {
                    seen = new YieldedIds(plan, files.Count);
                    IdPassFilesHeld = plan.MostFilesHeld;
                }

                for (var index = 0; index < files.Count; index++)
                {
                    var file = files[index];
                    var reader = SegmentFormats.ReaderFor(file);
                    if (reader is null)
                    {
                        _problems.Add(new StoreProblem(StoreProblemKind.UnknownFile, Layout.Relative(file), "not a store file (.jsonl or .parquet); ignored"));
                        continue;
                    }

                    // Ids proven unique with no repeat to pick from are needed by nobody but a caller that asks for them.
                    var idless = planned && seen is { Proven: true } && !plan.HasRepeats && !query.YieldsRecordIds && !query.Filter.Columns.Contains(RecordColumns.RecordId);
                    var fileProjection = idless ? projection.WithoutRecordId() : projection;
                    var folds = rowGroups && planned && seen is { Proven: true } && query.Filter.IsEmpty;
                    if (folds && seen is not null && reader is ParquetSegmentReader)
                    {
                        // The next file is opened and its first row group decoded ahead while this file's last row group is
                        // taken: a store of one-row-group files would otherwise leave the pool idle while the caller folds.
                        // Every file decodes into the same two sets of arrays, so the next starts only at this one's last.
                        var started = ahead is { } next && next.Path == file ? next : ParquetSegmentReader.StartRowGroups(file, fileProjection, verified, decodeSets);
                        ahead = null;
                        using (started)
                        {
                            foreach (var rowGroup in ProvenRowGroups(Guard(started, file, () => relist = true), plan, index, seen))
                            {
                                if (rowGroup.IsLast && index + 1 < files.Count && SegmentFormats.ReaderFor(files[index + 1]) is ParquetSegmentReader)
                                {
                                    ahead = ParquetSegmentReader.StartRowGroups(files[index + 1], fileProjection, verified, decodeSets);
                                }

                                yield return new RecordChunk(null, rowGroup);
                            }
                        }

                        continue;
                    }

                    var read = reader switch
                    {
                        ParquetSegmentReader => ParquetSegmentReader.Read(file, fileProjection, verified),
                        JsonLinesSegmentReader => JsonLinesSegmentReader.Read(file, fileProjection, Report, verified),
                        _ => reader.Read(file, fileProjection, Report),
                    };
                    var records = Guard(read, file, () => relist = true);
                    var yieldable = planned && seen is { Proven: true } ? Proven(records, plan, index, seen, query.Filter)
                        : Yieldable(planned && plan.HasRepeats ? Counting(records, plan, index) : records, seen, query.Filter);
                    foreach (var record in yieldable)
                    {
                        yield return new RecordChunk(record, null);
                    }
                }

                // A file started ahead and not reached (the listing changed under the read) is closed; its read comes again.
                ahead?.Dispose();
                ahead = null;
            }
            while (relist);
        }
        finally
        {
            ahead?.Dispose();
        }

        foreach (var (log, writerGone) in logs)
        {
            var records = Guard(JsonLinesFileReader.Read(log, Report, StoreProblemKind.TornLogTail, checkColumns: false), log.Name, () => { });
            foreach (var record in Yieldable(records, seen, query.Filter))
            {
                if (writerGone)
                {
                    DeadWriterRecords++;
                }

                yield return new RecordChunk(record, null);
            }
        }
    }

    private void Report(StoreProblem problem) => _problems.Add(problem with { Path = Layout.Relative(problem.Path) });

    /// <summary>The records of file <paramref name="file"/> of the plan, without the copies of repeated ids that do not count.</summary>
    private IEnumerable<ResultRecord> Counting(IEnumerable<ResultRecord> records, ConflictPlan plan, int file)
    {
        long position = -1;
        foreach (var record in records)
        {
            position++;
            if (plan.Counts(record.RecordId, file, position))
            {
                yield return record;
            }
            else
            {
                DuplicatesSkipped++;
            }
        }
    }

    /// <summary>
    /// The records of file <paramref name="file"/> of a plan that proves its files' ids unique, without the copies of
    /// repeated ids that do not count: no id is checked or kept, the read only counts how far into the file it is.
    /// </summary>
    private IEnumerable<ResultRecord> Proven(IEnumerable<ResultRecord> records, ConflictPlan plan, int file, YieldedIds seen, RecordFilter filter)
    {
        long position = -1;
        foreach (var record in records)
        {
            position++;
            seen.Pass(file);
            if (plan.HasRepeats && !plan.Counts(record.RecordId, file, position))
            {
                DuplicatesSkipped++;
            }
            else if (filter.IsEmpty || filter.Matches(record))
            {
                RecordsProvenUnique++;
                yield return record;
            }
        }
    }

    /// <summary>
    /// <see cref="Proven"/> for whole row groups of a query without a filter: each row group's copies of repeated ids that
    /// do not count are marked skipped (<see cref="ParquetRowGroup.Skip"/>) and counted as the record read counts them.
    /// </summary>
    private IEnumerable<ParquetRowGroup> ProvenRowGroups(IEnumerable<ParquetRowGroup> rowGroups, ConflictPlan plan, int file, YieldedIds seen)
    {
        long position = -1;
        foreach (var rowGroup in rowGroups)
        {
            // A repeat is only planned when the ids were read, so the column is there; a row without an id reads as "".
            var ids = plan.HasRepeats ? rowGroup.Texts(RecordColumns.RecordId) : null;
            for (var row = 0; row < rowGroup.RowCount; row++)
            {
                position++;
                seen.Pass(file);
                if (plan.HasRepeats && !plan.Counts(ids?[row] ?? string.Empty, file, position))
                {
                    rowGroup.Skip(row);
                    DuplicatesSkipped++;
                }
                else
                {
                    RecordsProvenUnique++;
                }
            }

            yield return rowGroup;
        }
    }

    private IEnumerable<ResultRecord> Yieldable(IEnumerable<ResultRecord> records, YieldedIds? seen, RecordFilter filter)
    {
        foreach (var record in records)
        {
            if (seen is not null && !seen.Add(record.RecordId))
            {
                DuplicatesSkipped++;
            }
            else if (filter.IsEmpty || filter.Matches(record))
            {
                yield return record;
            }
        }
    }

    private IEnumerable<string> Files(RecordQuery query)
    {
        var listings = query.RunFoldersOnly ? [.. query.Filter.RunIds.Select(Layout.ListRun)] : new[] { Layout.ListData() };
        foreach (var link in listings.SelectMany(l => l.Links).Where(l => _reportedLinks.Add(l.Path)))
        {
            _problems.Add(link);
        }

        return listings.SelectMany(l => l.Files);
    }

    /// <summary>Opens every live log of the store, or of the runs <paramref name="runIds"/> only, for reading beside its writer.</summary>
    internal static List<FileStream> OpenLiveLogs(StoreLayout layout, IReadOnlyList<string>? runIds, Action<StoreProblem>? report = null) =>
        [.. OpenLogs(layout, runIds, report ?? (static _ => { }), writersGoneOnly: false).Select(l => l.Log)];

    /// <summary>
    /// Opens the logs of every writer of the store (or of the runs <paramref name="runIds"/>), or only of the writers that
    /// are gone (their lock is free, probed without creating anything), for reading beside whoever seals them.
    /// </summary>
    private static List<(FileStream Log, bool WriterGone)> OpenLogs(StoreLayout layout, IReadOnlyList<string>? runIds, Action<StoreProblem> report, bool writersGoneOnly)
    {
        var logs = new List<(FileStream, bool)>();
        foreach (var folder in LogRecovery.LogFolders(layout, report).Where(f => runIds is null || IsLogOfRuns(f, runIds)))
        {
            if (writersGoneOnly && WriterLock.IsHeld(folder))
            {
                continue;
            }

            string[] segments;
            try
            {
                segments = [.. LogRecovery.LogSegments(folder)];
            }
            catch (DirectoryNotFoundException)
            {
                // The writer completed (or its logs were sealed) and its folder was removed since the listing; its records are under data/.
                continue;
            }

            foreach (var log in segments)
            {
                try
                {
                    logs.Add((JsonLinesFileReader.OpenShared(log), writersGoneOnly));
                }
                catch (FileNotFoundException)
                {
                    // Sealed and removed since the listing; its records are under data/.
                }
            }
        }

        return logs;
    }

    // A writer's log folder is named after its run, then '.' and its scope when it has one (RecordWriter.Open).
    private static bool IsLogOfRuns(string folder, IReadOnlyList<string> runIds)
    {
        var name = Path.GetFileName(folder);
        return runIds.Any(run => name == run || name.StartsWith(run + ".", StringComparison.Ordinal));
    }

    /// <summary>Enumerates <paramref name="records"/>, turning a vanished file into <paramref name="vanished"/> and a corrupt one into a reported problem.</summary>
    private IEnumerable<T> Guard<T>(IEnumerable<T> records, string path, Action vanished)
    {
        using var enumerator = records.GetEnumerator();
        while (true)
        {
            try
            {
                if (!enumerator.MoveNext())
                {
                    yield break;
                }
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                vanished();
                yield break;
            }
            catch (CorruptSegmentException ex)
            {
                _problems.Add(new StoreProblem(StoreProblemKind.CorruptFile, Layout.Relative(path), $"{ex.Message}; the file is skipped"));
                yield break;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _problems.Add(new StoreProblem(StoreProblemKind.UnreadableFile, Layout.Relative(path), $"cannot be read ({ex.Message}); the file is skipped"));
                yield break;
            }

            yield return enumerator.Current;
        }
    }
}
