using RunnerHarness.Store.JsonLines;
using RunnerHarness.Store.Summaries;
using RunnerHarness.Store.Transcripts;

namespace RunnerHarness.Store;

/// <summary>
/// Checks a store without changing it (it creates no file, not even a lock): every file under <c>data/</c>
/// is checked against the checksum in its name and every value of every column is decoded (readable, of a
/// known format and schema, every line parses), record ids are checked for repeats, and the logs of
/// dead writers and leftovers under <c>tmp/</c> are reported.
/// </summary>
internal sealed class StoreVerifier
{
    private const int MaxAttempts = 5;

    private readonly IHoldingsRule _holdings;

    /// <summary>Creates a verifier of the store at <paramref name="layout"/>.</summary>
    /// <param name="layout">The store.</param>
    /// <param name="holdings">The rule the store's summaries were written by; each summary is checked against the one it gives.</param>
    public StoreVerifier(StoreLayout layout, IHoldingsRule holdings)
    {
        Layout = layout ?? throw new ArgumentNullException(nameof(layout));
        _holdings = holdings ?? throw new ArgumentNullException(nameof(holdings));
    }

    /// <summary>The store checked.</summary>
    public StoreLayout Layout { get; }

    /// <summary>Reads everything and reports what is wrong.</summary>
    /// <param name="progress">Called after each file with the files done and the total.</param>
    /// <exception cref="DirectoryNotFoundException">The store directory does not exist.</exception>
    public VerificationReport Verify(Action<int, int>? progress = null)
    {
        if (!Directory.Exists(Layout.Root))
        {
            throw new DirectoryNotFoundException($"The store directory {Layout.Root} does not exist.");
        }

        // A file that vanishes mid-check was merged by a compaction running beside us: start over on the
        // new listing, or the merged copies would read as duplicates of what was already checked.
        var problems = new List<StoreProblem>();
        var contents = new RecordContentIndex();
        IReadOnlyList<string> files = [];
        long records = 0;
        for (var attempt = 1; ; attempt++)
        {
            problems.Clear();
            contents = new RecordContentIndex();
            var summaries = new SummaryListing(Layout);
            var listing = Layout.ListData();
            files = listing.Files;
            problems.AddRange(listing.Links);
            records = 0;
            var done = 0;
            var vanished = false;
            foreach (var file in files)
            {
                var count = CheckFile(file, done, contents, summaries, problems);
                if (count is null)
                {
                    vanished = true;
                    break;
                }

                records += count.Value;
                done++;
                progress?.Invoke(done, files.Count);
            }

            if (!vanished)
            {
                break;
            }

            if (attempt == MaxAttempts)
            {
                problems.Add(new StoreProblem(StoreProblemKind.VanishedFile, "data/", $"files vanished during each of {MaxAttempts} attempts (a compaction or migration is running); run verify again when it ends"));
                break;
            }
        }

        var storedTwice = StoredTwiceResults.Find(files, contents.Conflicts);
        foreach (var c in contents.Conflicts)
        {
            var (first, later, keptFile) = (Layout.Relative(files[c.FirstFile]), Layout.Relative(files[c.LaterFile]), contents.KeptFile(c.RecordId));
            var kept = Layout.Relative(files[keptFile]);
            problems.Add(new StoreProblem(StoreProblemKind.ConflictingDuplicate, later, storedTwice.MessageFor(c, first, later, keptFile, kept) ??
                $"record {c.RecordId} is also in {first} with different content; readers keep the copy of {kept} " +
                "(the earliest finished_at, then the smaller content hash; never the file's path). Decide which copy is right, then remove the other file's copy by moving that file out of data/ or restoring it"));
        }

        LogRecovery.LogFolders(Layout, problems.Add);
        foreach (var log in LogRecovery.FindOrphanedLogs(Layout))
        {
            var count = JsonLinesFileReader.Read(log, p => problems.Add(p with { Path = Layout.Relative(p.Path) }), StoreProblemKind.TornLogTail, checkColumns: false).Count();
            problems.Add(new StoreProblem(StoreProblemKind.OrphanedLog, Layout.Relative(log), $"{count} records of a writer that is gone are not sealed yet; the next writer or 'runner-harness compact' seals them"));
        }

        foreach (var log in LogRecovery.FindOrphanedTranscriptLogs(Layout))
        {
            var count = TranscriptFiles.ReadLog(log, p => problems.Add(p with { Path = Layout.Relative(p.Path) })).Count;
            problems.Add(new StoreProblem(StoreProblemKind.OrphanedLog, Layout.Relative(log), $"{count} transcript messages of a writer that is gone are not sealed yet; the next writer or 'runner-harness compact' seals them"));
        }

        var transcriptFiles = CheckTranscripts(problems);

        // Files a live process is still writing are not problems; only those whose writer is gone are.
        foreach (var temp in TemporaryFiles.Stale(Layout, problems.Add))
        {
            problems.Add(new StoreProblem(StoreProblemKind.UnknownFile, Layout.Relative(temp), "an unfinished file left under tmp/ by a process that is gone (killed while sealing, compacting or importing); readers ignore it and the next 'runner-harness compact' removes it"));
        }

        return new VerificationReport(files.Count, records, contents.Count, problems) { TranscriptFilesChecked = transcriptFiles };
    }

    // Every transcript file is proven against the checksum in its name and decoded whole, as record files are.
    private int CheckTranscripts(List<StoreProblem> problems)
    {
        var listing = TranscriptFiles.List(Layout);
        problems.AddRange(listing.Links);
        foreach (var file in listing.Files)
        {
            var relative = Layout.Relative(file);
            if (TranscriptFiles.FormatOf(file) is null)
            {
                problems.Add(new StoreProblem(StoreProblemKind.UnknownFile, relative, "not a transcript file (.jsonl or .parquet); readers ignore it"));
                continue;
            }

            try
            {
                TranscriptFiles.ReadSealed(file, p => problems.Add(p with { Path = relative }));
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                // Merged by a compaction running beside us: its transcripts are in the merged file.
            }
            catch (CorruptSegmentException ex)
            {
                problems.Add(new StoreProblem(StoreProblemKind.CorruptFile, relative, $"{ex.Message}; transcript readers skip it and compaction keeps it in place. Restore it from a copy made before the damage, or move it out of transcripts/ once its transcripts are written off"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add(new StoreProblem(StoreProblemKind.UnreadableFile, relative, $"cannot be read ({ex.Message}); transcript readers skip it. Check its permissions and the disk"));
            }
        }

        return listing.Files.Count;
    }

    /// <returns>The records read, or <see langword="null"/> when the file vanished before it was read.</returns>
    private long? CheckFile(string file, int fileIndex, RecordContentIndex contents, SummaryListing summaries, List<StoreProblem> problems)
    {
        var relative = Layout.Relative(file);
        var reader = SegmentFormats.ReaderFor(file);
        if (reader is null)
        {
            problems.Add(new StoreProblem(StoreProblemKind.UnknownFile, relative, "not a store file (.jsonl or .parquet); readers ignore it"));
            return 0;
        }

        long count = 0, duplicates = 0;
        string? firstDuplicate = null;
        var summary = new SegmentSummaryBuilder(_holdings);
        var problemsBefore = problems.Count;
        try
        {
            foreach (var record in reader.Read(file, RecordProjection.All, p => problems.Add(p with { Path = relative })))
            {
                count++;
                summary.Add(record);
                if (!contents.Add(record, fileIndex))
                {
                    duplicates++;
                    firstDuplicate ??= record.RecordId;
                }
            }
        }
        catch (Exception ex) when (count == 0 && ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (CorruptSegmentException ex)
        {
            problems.Add(new StoreProblem(StoreProblemKind.CorruptFile, relative, $"{ex.Message}; readers skip it and compaction keeps it in place. Restore it from a copy made before the damage (the data/ folder of the machine that wrote it, or a backup), or move it out of data/ once its records are written off"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add(new StoreProblem(StoreProblemKind.UnreadableFile, relative, $"cannot be read ({ex.Message}); readers skip it. Check its permissions and the disk"));
        }

        // A summary is checked against records read without any problem: those are the records it was made from.
        if (problems.Count == problemsBefore)
        {
            CheckSummary(file, summaries, summary.Build(), problems);
        }

        if (duplicates > 0)
        {
            problems.Add(new StoreProblem(StoreProblemKind.DuplicateRecord, relative, $"{duplicates} records repeat ids of earlier files (first: {firstDuplicate}); readers count each once and 'runner-harness compact' removes the repeats"));
        }

        return count;
    }

    private void CheckSummary(string file, SummaryListing summaries, SegmentSummary computed, List<StoreProblem> problems)
    {
        if (summaries.Find(file) is not { } summaryPath)
        {
            return;
        }

        const string Consequence = "planning and progress do not trust it and read the file instead; remove it ('runner-harness compact' writes summaries for the files it merges)";
        try
        {
            // An intact summary of an older layout is outdated, not wrong: readers recompute it, compaction replaces it.
            var stored = SegmentSummaryFile.Read(summaryPath, file, new FileInfo(file).Length);
            if (stored is not null && SegmentSummaryFile.Disagreement(stored, computed) is { } disagreement)
            {
                problems.Add(new StoreProblem(StoreProblemKind.DamagedSummary, Layout.Relative(summaryPath), $"does not describe {Layout.Relative(file)}: {disagreement}. Its checksum holds, so it was written wrong, not damaged later; {Consequence}"));
            }
        }
        catch (CorruptSegmentException ex)
        {
            problems.Add(new StoreProblem(StoreProblemKind.DamagedSummary, Layout.Relative(summaryPath), $"{ex.Message}; {Consequence}"));
        }
        catch (FileNotFoundException)
        {
            // Removed with its file by a compaction running beside us; the file's own read tells.
        }
    }
}
