using RunnerHarness.Schema;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Store.Summaries;
using RunnerHarness.Store.Transcripts;

namespace RunnerHarness.Store;

/// <summary>
/// Seals the write-ahead logs of writers that died (their lock is free): the records whose lines are
/// complete go into <c>data/</c>, a torn last line is dropped and reported. Live writers' logs are left alone.
/// </summary>
internal static class LogRecovery
{
    /// <summary>Seals every orphaned log of the store in <paramref name="format"/>; returns what it found.</summary>
    /// <param name="layout">The store.</param>
    /// <param name="holdings">The rule the sealed files' summaries count held samples by (<see cref="IHoldingsRule"/>).</param>
    /// <param name="format">The format logs are sealed in.</param>
    /// <returns>The problems met (torn tails, bad lines), each reported, none fatal.</returns>
    public static IReadOnlyList<StoreProblem> SealOrphanedLogs(StoreLayout layout, IHoldingsRule holdings, StorageFormat format)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(holdings);
        var problems = new List<StoreProblem>();
        foreach (var folder in LogFolders(layout, problems.Add))
        {
            using (var writerLock = WriterLock.TryAcquire(folder))
            {
                // No manifest and no log: a writer is between creating its folder and taking its lock;
                // leave it be. Logs under a missing or unreadable manifest (a writer killed while saving
                // it) are sealed anyway, under RecoveredRunId, or verify would report them forever.
                if (writerLock is null || (WriterManifest.TryLoad(folder) is null && !LogSegments(folder).Any() && TranscriptFiles.LogsOf(folder).Count == 0))
                {
                    continue;
                }

                if (SealFolder(layout, holdings, folder, format, problems.Add, exceptSegment: null) > 0)
                {
                    // A log left in place keeps the manifest that names its run, for the writer that can seal it.
                    continue;
                }

                WriterManifest.Delete(folder);
                writerLock.DeleteWhileHeld();
            }

            TryDeleteEmptyFolder(folder);
        }

        return problems;
    }

    /// <summary>Transcript logs under <c>wal/</c> whose writer is gone, for <c>verify</c>; seals nothing.</summary>
    internal static IReadOnlyList<string> FindOrphanedTranscriptLogs(StoreLayout layout) =>
        [.. LogFolders(layout, static _ => { }).Where(f => !WriterLock.IsHeld(f)).SelectMany(TranscriptFiles.LogsOf)];

    /// <summary>Logs under <c>wal/</c> whose writer is gone, for <c>verify</c>; seals nothing.</summary>
    public static IReadOnlyList<string> FindOrphanedLogs(StoreLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var orphans = new List<string>();
        foreach (var folder in LogFolders(layout, static _ => { }))
        {
            if (!WriterLock.IsHeld(folder))
            {
                try
                {
                    orphans.AddRange(LogSegments(folder));
                }
                catch (DirectoryNotFoundException)
                {
                    // Removed since the listing: its logs were sealed.
                }
            }
        }

        return orphans;
    }

    /// <summary>
    /// The writer folders under <c>wal/</c>; a link there (or <c>wal/</c> itself being one) is reported to
    /// <paramref name="report"/> and skipped: nothing behind it is read, locked, sealed or deleted.
    /// </summary>
    internal static IReadOnlyList<string> LogFolders(StoreLayout layout, Action<StoreProblem> report)
    {
        if (StoreLinks.LinkOnTheWay(layout, layout.WriteAheadLogDirectory) is { } link)
        {
            report(StoreLinks.Problem(layout, link));
            return [];
        }

        if (!Directory.Exists(layout.WriteAheadLogDirectory))
        {
            return [];
        }

        var folders = new List<string>();
        foreach (var entry in new DirectoryInfo(layout.WriteAheadLogDirectory).EnumerateFileSystemInfos().OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            if (StoreLinks.IsLink(entry))
            {
                report(StoreLinks.Problem(layout, entry.FullName));
            }
            else if (entry is DirectoryInfo)
            {
                folders.Add(entry.FullName);
            }
        }

        return folders;
    }

    /// <summary>The log segments of a writer folder, oldest first; a linked file is not a log (it is never read or deleted).</summary>
    internal static IEnumerable<string> LogSegments(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles("*" + StoreLayout.JsonLinesExtension).Where(f => !StoreLinks.IsLink(f)).Select(f => f.FullName).Order(StringComparer.Ordinal);

    /// <summary>
    /// Seals a dead writer's log, streamed from the file a row group at a time: the records whose lines are complete, a
    /// torn last line dropped and reported. Any other line that could not be read (over the line cap, not JSON) may be a
    /// record, so then nothing is sealed and the log is kept whole for a person to look at, never deleted.
    /// </summary>
    /// <returns>Whether the log may be deleted: its records are sealed, or it held none.</returns>
    private static bool SealLog(StoreLayout layout, IHoldingsRule holdings, string log, StorageFormat format, string runId, string segmentName, Action<StoreProblem> report)
    {
        var problems = new List<StoreProblem>();
        var read = 0L;
        var summary = new SegmentSummaryBuilder(holdings);
        var writer = SegmentFormats.WriterFor(format);
        IEnumerable<ResultRecord> Records()
        {
            foreach (var record in JsonLinesFileReader.Read(log, problems.Add, StoreProblemKind.TornLogTail, checkColumns: false))
            {
                read++;
                summary.Add(record);
                yield return record;
            }
        }

        // The file is written as the log is read; only once the whole log is read is it known whether the file may appear.
        var sealedFile = SegmentSealer.TryWriteThenRename(layout, layout.RunDirectory(runId), segmentName, writer.Extension, stream =>
        {
            writer.Write(Records(), stream);
            return read > 0 && problems.All(p => p.Kind == StoreProblemKind.TornLogTail);
        });
        problems.ForEach(report);
        var unread = problems.Count(p => p.Kind != StoreProblemKind.TornLogTail);
        if (unread > 0)
        {
            report(new StoreProblem(StoreProblemKind.OrphanedLog, log,
                $"kept in place, not sealed: {unread} of its lines could not be read (reported above), and deleting it would lose them. " +
                $"Its {read} readable records count in reports; move the log out of the store once its lines are recovered or written off"));
            return false;
        }

        if (sealedFile is not null)
        {
            SegmentSummaryFile.Write(layout, sealedFile, summary.Build());
        }

        return true;
    }

    /// <summary>Seals the logs of a writer folder whose lock the caller holds.</summary>
    /// <returns>How many logs were left in place (a newer writer's, or one with lines that could not be read), reported to <paramref name="report"/>.</returns>
    internal static int SealFolder(StoreLayout layout, IHoldingsRule holdings, string folder, StorageFormat format, Action<StoreProblem> report, string? exceptSegment)
    {
        var runId = RecoveredRunIdOf(folder);
        var left = 0;
        foreach (var log in LogSegments(folder).Where(l => l != exceptSegment).ToArray())
        {
            // Sealing rewrites a log through this version's records: a newer writer's columns would be lost.
            if (NewerFormatCheck.DescribeLog(log) is { } newer)
            {
                report(new StoreProblem(StoreProblemKind.NewerFormatFile, log,
                    $"a log {newer}; left in place, not sealed: sealing it here would drop what this version cannot read. Run the newer harness's 'compact' to seal it"));
                left++;
                continue;
            }

            var segmentName = Path.GetFileNameWithoutExtension(log);
            if (!SegmentSealer.IsSealed(layout, runId, segmentName) && !SealLog(layout, holdings, log, format, runId, segmentName, report))
            {
                left++;
                continue;
            }

            StoreLinks.DeleteOwnFile(layout, log);
        }

        // The transcripts of the folder's records are sealed beside them, under the same run (docs/transcripts.md).
        foreach (var log in TranscriptFiles.LogsOf(folder))
        {
            if (!TranscriptFiles.SealLog(layout, log, runId, format, report))
            {
                left++;
            }
        }

        TranscriptFiles.RemoveEmptyLogFolder(folder);
        return left;
    }

    /// <summary>The run folder under <c>data/runs/</c> for logs whose manifest is missing, unreadable or names an invalid run id.</summary>
    public const string RecoveredRunId = "recovered";

    /// <summary>
    /// The run a dead writer's logs are sealed under: its manifest's run id, checked again as a writer
    /// checks it (a manifest is a file anyone could edit, and its run id becomes a path under <c>data/</c>).
    /// </summary>
    internal static string RecoveredRunIdOf(string folder) =>
        WriterManifest.TryLoad(folder)?.RunId is { } runId && RunIdentity.IsValidRunId(runId) ? runId : RecoveredRunId;

    private static void TryDeleteEmptyFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: false);
        }
        catch (IOException)
        {
            // Never recursive: a new writer of the same run may have taken the folder over since we unlocked it.
        }
    }

    internal static IEnumerable<ResultRecord> ReadLiveLog(string log, Action<StoreProblem> report) =>
        JsonLinesFileReader.Read(log, report, StoreProblemKind.TornLogTail, checkColumns: false);
}
