using RunnerHarness.Schema;
using RunnerHarness.Store.JsonLines;

namespace RunnerHarness.Store;

/// <summary>
/// Checks a store without changing it: every file under <c>data/</c> is read in full (readable, of a
/// known format and schema, every line parses), record ids are checked for repeats, and the logs of
/// dead writers and leftovers under <c>tmp/</c> are reported.
/// </summary>
public sealed class StoreVerifier
{
    /// <summary>Creates a verifier of the store at <paramref name="layout"/>.</summary>
    public StoreVerifier(StoreLayout layout) => Layout = layout ?? throw new ArgumentNullException(nameof(layout));

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

        var problems = new List<StoreProblem>();
        var seen = new RecordIdSet();
        var files = Layout.DataFiles();
        long records = 0;
        var done = 0;
        foreach (var file in files)
        {
            records += CheckFile(file, seen, problems);
            progress?.Invoke(++done, files.Count);
        }

        foreach (var log in LogRecovery.FindOrphanedLogs(Layout))
        {
            var count = JsonLinesFileReader.Read(log, p => problems.Add(p with { Path = Layout.Relative(p.Path) }), StoreProblemKind.TornLogTail).Count();
            problems.Add(new StoreProblem(StoreProblemKind.OrphanedLog, Layout.Relative(log), $"{count} records of a writer that is gone are not sealed yet; the next writer or 'runner-harness compact' seals them"));
        }

        if (Directory.Exists(Layout.TempDirectory))
        {
            foreach (var temp in Directory.EnumerateFiles(Layout.TempDirectory))
            {
                problems.Add(new StoreProblem(StoreProblemKind.UnknownFile, Layout.Relative(temp), "an unfinished file of a writer or compaction (in progress, or left by a crash); readers ignore it"));
            }
        }

        return new VerificationReport(files.Count, records, seen.Count, problems);
    }

    private long CheckFile(string file, RecordIdSet seen, List<StoreProblem> problems)
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
        try
        {
            foreach (var record in reader.Read(file, RecordProjection.Of(RecordColumns.RecordId), p => problems.Add(p with { Path = relative })))
            {
                count++;
                if (!seen.Add(record.RecordId))
                {
                    duplicates++;
                    firstDuplicate ??= record.RecordId;
                }
            }
        }
        catch (CorruptSegmentException ex)
        {
            problems.Add(new StoreProblem(StoreProblemKind.CorruptFile, relative, $"{ex.Message}; readers skip it"));
        }

        if (duplicates > 0)
        {
            problems.Add(new StoreProblem(StoreProblemKind.DuplicateRecord, relative, $"{duplicates} records repeat ids of earlier files (first: {firstDuplicate}); readers count each once and 'runner-harness compact' removes the repeats"));
        }

        return count;
    }
}
