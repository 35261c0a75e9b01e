using System.Runtime.ExceptionServices;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Store.Remote;

namespace RunnerHarness.Store.Summaries;

/// <summary>
/// Streams one <see cref="SegmentSummary"/> per sealed file (and per unsealed live log when asked): the summary
/// written at sealing when it is there and sound, otherwise one computed from the file's records, so a missing or
/// damaged summary costs time, never a wrong number. A damaged summary is reported in <see cref="Problems"/>;
/// corrupt and unreadable files are reported and skipped as <see cref="StoreReader"/> does. Summaries are not
/// deduplicated by <c>record_id</c>: they answer set questions (which samples are held) and progress counts.
/// A summary is trusted when its own checksum holds, it names its file's exact name and length, and the file's bytes
/// match the checksum in its name (proven once per process, <see cref="ProvenDataFiles"/>, on pool threads while this
/// reader reads the summaries, <see cref="DataFileProofQueue"/>): a damaged file is reported as corrupt and counts nothing. A file without a checksum in its name is read in full. In the mirror of a URL store,
/// a data file its last sync listed (<see cref="MirrorDataListing"/>) but did not download is counted from its summary
/// when the summary names it and its listed length; without such a summary it is reported and counts nothing (the sync
/// downloads every data file whose summary is not sound, so that happens only when the mirror changed since).
/// </summary>
internal sealed class StoreSummaryReader
{
    private readonly List<StoreProblem> _problems = [];
    private readonly SummaryListing _summaries;
    private readonly IHoldingsRule _holdings;
    private readonly RecordProjection _projection;

    /// <summary>
    /// Creates a reader of the summaries of the store at <paramref name="layout"/>; a file without a sound summary is
    /// summarised by <paramref name="holdings"/>, the rule its writer summarised by.
    /// </summary>
    public StoreSummaryReader(StoreLayout layout, IHoldingsRule holdings)
    {
        Layout = layout ?? throw new ArgumentNullException(nameof(layout));
        _holdings = holdings ?? throw new ArgumentNullException(nameof(holdings));
        _projection = RecordProjection.Of(new SegmentSummaryBuilder(holdings).Columns);
        _summaries = new SummaryListing(layout);
    }

    /// <summary>The store read.</summary>
    public StoreLayout Layout { get; }

    /// <summary>The problems met so far: damaged summaries, corrupt files, bad lines, torn log tails, unknown files.</summary>
    public IReadOnlyList<StoreProblem> Problems => _problems;

    /// <summary>How many sealed files were answered by their summary.</summary>
    public int SummariesRead { get; private set; }

    /// <summary>How many sealed files and live logs were read record by record (no summary, or a damaged one).</summary>
    public int FilesReadInFull { get; private set; }

    /// <summary>
    /// The summaries of every file under <c>data/</c>, or only of the runs <paramref name="runIds"/>'s own folders
    /// (<see cref="RecordQuery.RunFoldersOnly"/>), then of the live logs not sealed meanwhile when <paramref name="includeLiveLogs"/>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The store directory does not exist.</exception>
    public IEnumerable<SegmentSummary> Read(IReadOnlyList<string>? runIds, bool includeLiveLogs)
    {
        if (!Directory.Exists(Layout.Root))
        {
            throw new DirectoryNotFoundException($"The store directory {Layout.Root} does not exist.");
        }

        return ReadCore(runIds, includeLiveLogs);
    }

    private IEnumerable<SegmentSummary> ReadCore(IReadOnlyList<string>? runIds, bool includeLiveLogs)
    {
        // Logs are opened before data/ is listed: a log sealed in between is then listed under data/ by its
        // segment's name, and skipped here, so its records count once.
        var liveLogs = includeLiveLogs ? StoreReader.OpenLiveLogs(Layout, runIds, _problems.Add) : [];
        var reportedLinks = new HashSet<string>(StringComparer.Ordinal);
        var sealedStems = new HashSet<string>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);

        // Listed data files the mirror lacks come first: one downloaded meanwhile is then listed under data/ and skipped (done).
        foreach (var summary in ListedAbsentSummaries(runIds, done, sealedStems))
        {
            yield return summary;
        }

        bool relist;
        do
        {
            relist = false;
            _summaries.Clear();
            var listings = runIds is null ? [Layout.ListData()] : runIds.Select(Layout.ListRun).ToArray();
            _problems.AddRange(listings.SelectMany(l => l.Links).Where(l => reportedLinks.Add(l.Path)));
            var files = listings.SelectMany(l => l.Files).Where(done.Add).ToList();

            // The files whose summaries will be trusted once proven are proven on the pool while this thread reads the summaries.
            using var proofs = new DataFileProofQueue([.. files.Where(f => SegmentChecksum.IsInName(f) && SegmentFormats.ReaderFor(f) is not null && _summaries.Find(f) is not null)],
                DataFileProofQueue.PoolThreadsBesideReader);
            foreach (var file in files)
            {
                sealedStems.Add(StemOf(Path.GetFileName(file)));
                var summary = SummaryOf(file, proofs, () => relist = true);
                if (summary is not null)
                {
                    yield return summary;
                }
            }
        }
        while (relist);

        foreach (var log in liveLogs)
        {
            using (log)
            {
                if (sealedStems.Contains(Path.GetFileNameWithoutExtension(log.Name)))
                {
                    continue;
                }

                FilesReadInFull++;
                var records = JsonLinesFileReader.Read(log, Report, StoreProblemKind.TornLogTail, checkColumns: false);
                yield return new SegmentSummaryBuilder(_holdings).AddRange(records).Build();
            }
        }
    }

    private IEnumerable<SegmentSummary> ListedAbsentSummaries(IReadOnlyList<string>? runIds, HashSet<string> done, HashSet<string> sealedStems)
    {
        IReadOnlyDictionary<string, long> listed;
        try
        {
            listed = MirrorDataListing.Read(Layout.Root);
        }
        catch (Exception ex) when (ex is CorruptSegmentException or IOException or UnauthorizedAccessException)
        {
            _problems.Add(new StoreProblem(StoreProblemKind.UnreadableFile, MirrorDataListing.FileName, $"{ex.Message}; only the data files the mirror holds are counted"));
            yield break;
        }

        var folders = runIds?.Select(run => Layout.Relative(Layout.RunDirectory(run)) + "/").ToArray();
        foreach (var (relative, length) in listed.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var file = Path.GetFullPath(Path.Combine(Layout.Root, relative));
            if ((folders is not null && !folders.Any(f => relative.StartsWith(f, StringComparison.Ordinal))) || File.Exists(file) || !done.Add(file))
            {
                continue;
            }

            sealedStems.Add(StemOf(Path.GetFileName(file)));
            if (ListedSummaryOf(file, length) is { } summary)
            {
                yield return summary;
            }
        }
    }

    // The summary of a data file the mirror lacks, trusted without its bytes: the listing gave its length, and the object's name carries the checksum it was uploaded under.
    private SegmentSummary? ListedSummaryOf(string file, long length)
    {
        var why = "it has no summary in the mirror";
        try
        {
            if (_summaries.Find(file) is { } summaryPath)
            {
                if (SegmentSummaryFile.Read(summaryPath, file, length) is { } summary)
                {
                    SummariesRead++;
                    return summary;
                }

                why = "its summary is of an older layout";
            }
        }
        catch (CorruptSegmentException ex)
        {
            why = ex.Message;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            why = $"its summary cannot be read ({ex.Message})";
        }

        _problems.Add(new StoreProblem(StoreProblemKind.UnreadableFile, Layout.Relative(file),
            $"listed in the URL store but not in this mirror, and {why}; it is not counted until a sync downloads it"));
        return null;
    }

    private SegmentSummary? SummaryOf(string file, DataFileProofQueue proofs, Action vanished)
    {
        var reader = SegmentFormats.ReaderFor(file);
        if (reader is null)
        {
            _problems.Add(new StoreProblem(StoreProblemKind.UnknownFile, Layout.Relative(file), "not a store file (.jsonl or .parquet); ignored"));
            return null;
        }

        try
        {
            var length = new FileInfo(file).Length;
            if (_summaries.Find(file) is { } summaryPath && SegmentChecksum.IsInName(file))
            {
                // Read while the pool proves the file; what the read found counts only once the file is proven below.
                var (stored, failure) = ReadSummary(summaryPath, file, length);
                proofs.WaitFor(file);

                // A summary stands for the file it names only while the file's bytes are the ones sealed: a damaged
                // file's samples must not count as held (planning would never run them again).
                if (ProvenDataFiles.Prove(file, length))
                {
                    if (stored is not null)
                    {
                        SummariesRead++;
                        return stored;
                    }

                    if (failure?.SourceException is CorruptSegmentException damage)
                    {
                        _problems.Add(new StoreProblem(StoreProblemKind.DamagedSummary, Layout.Relative(summaryPath), $"{damage.Message}; {Layout.Relative(file)} was read in full instead"));
                    }
                    else if (failure?.SourceException is not (null or FileNotFoundException))
                    {
                        failure.Throw();
                    }
                }
            }

            FilesReadInFull++;
            return new SegmentSummaryBuilder(_holdings).AddRange(reader.Read(file, _projection, Report)).Build();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            vanished();
        }
        catch (CorruptSegmentException ex)
        {
            _problems.Add(new StoreProblem(StoreProblemKind.CorruptFile, Layout.Relative(file), $"{ex.Message}; the file is skipped"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _problems.Add(new StoreProblem(StoreProblemKind.UnreadableFile, Layout.Relative(file), $"cannot be read ({ex.Message}); the file is skipped"));
        }

        return null;
    }

    // The summary at summaryPath (null when it is outdated or failed to read), or why it could not be read: a summary
    // vanished with its file in a compaction (the file's own read then tells), damaged, or unreadable.
    private static (SegmentSummary? Summary, ExceptionDispatchInfo? Failure) ReadSummary(string summaryPath, string file, long length)
    {
        try
        {
            return (SegmentSummaryFile.Read(summaryPath, file, length), null);
        }
        catch (Exception ex) when (ex is CorruptSegmentException or IOException or UnauthorizedAccessException)
        {
            return (null, ExceptionDispatchInfo.Capture(ex));
        }
    }

    private void Report(StoreProblem problem) => _problems.Add(problem with { Path = Layout.Relative(problem.Path) });

    // A sealed file's name is its log segment's name, then its checksum (when it has one) and its extension (SegmentSealer).
    private static string StemOf(string fileName)
    {
        var marker = fileName.IndexOf(".sha256_", StringComparison.Ordinal);
        return marker >= 0 ? fileName[..marker] : Path.GetFileNameWithoutExtension(fileName);
    }
}
