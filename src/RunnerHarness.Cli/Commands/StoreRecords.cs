using System.Globalization;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using Spectre.Console;

namespace RunnerHarness.Cli.Commands;

/// <summary>Opens the store a command names and streams its records, turning store faults into exit codes and warnings.</summary>
internal sealed class StoreRecords
{
    private readonly CliContext _context;
    private readonly StoreReader _reader;
    private ISet<string>? _collected;

    private StoreRecords(CliContext context, StoreReader reader)
    {
        _context = context;
        _reader = reader;
    }

    /// <summary>The store's directory (for a URL store, its mirror folder).</summary>
    public string Root => _reader.Layout.Root;

    /// <summary>How outputs name the store: its URL for a URL store, else its directory.</summary>
    public string Name => _context.StoreName(Root);

    /// <summary>Opens the store at <paramref name="storePath"/> (already resolved).</summary>
    /// <exception cref="CommandFailedException">It does not exist (<see cref="ExitCodes.StoreUnavailable"/>).</exception>
    public static StoreRecords Open(CliContext context, string storePath)
    {
        if (!Directory.Exists(storePath))
        {
            throw new CommandFailedException(ExitCodes.StoreUnavailable,
                $"The store {storePath} does not exist. Pass --store DIR or set {HarnessSettingDefinitions.StorePath.EnvironmentVariable}.");
        }

        var layout = new StoreLayout(storePath);
        if (!Directory.Exists(layout.DataDirectory) && !Directory.Exists(layout.WriteAheadLogDirectory))
        {
            // An empty report of a wrong folder reads as "no results yet"; say what is wrong instead.
            throw new CommandFailedException(ExitCodes.StoreUnavailable,
                $"{context.StoreName(storePath)} is not a RunnerHarness store: it has neither data/ (sealed files) nor wal/ (write-ahead logs), so nothing was ever recorded there. " +
                $"Pass the store folder with --store DIR or set {HarnessSettingDefinitions.StorePath.EnvironmentVariable}.");
        }

        return new StoreRecords(context, new StoreReader(layout));
    }

    /// <summary>Makes every later <see cref="Read"/> add the id of each record it yields to <paramref name="ids"/> (what <c>export --transcripts</c> exports the transcripts of).</summary>
    public StoreRecords Collecting(ISet<string> ids)
    {
        _collected = ids;
        return this;
    }

    /// <summary>
    /// Streams the records that pass <paramref name="filter"/>, reading only <paramref name="columns"/> (plus what the filter
    /// needs). Their <c>record_id</c> is read whatever <paramref name="columns"/> says, unless <paramref name="recordIds"/> is
    /// <see langword="false"/> and <paramref name="columns"/> does not name it (then a record may carry an empty id).
    /// </summary>
    public IEnumerable<ResultRecord> Read(IEnumerable<string>? columns, RecordFilter filter, bool recordIds = true)
    {
        foreach (var record in Guard(_reader.Read(Query(columns, filter, recordIds))))
        {
            _collected?.Add(record.RecordId);
            yield return record;
        }
    }

    /// <summary>
    /// <see cref="Read"/> as chunks (<see cref="StoreReader.ReadChunks"/>): whole decoded row groups where the store's
    /// Parquet files allow, single records elsewhere, the same records in the same order.
    /// </summary>
    /// <exception cref="InvalidOperationException">The reads collect record ids (<see cref="Collecting"/>), which needs each record.</exception>
    public IEnumerable<RecordChunk> ReadChunks(IEnumerable<string>? columns, RecordFilter filter, bool recordIds = true)
    {
        if (_collected is not null)
        {
            throw new InvalidOperationException("A read that collects record ids yields records one by one; use Read.");
        }

        return Guard(_reader.ReadChunks(Query(columns, filter, recordIds)));
    }

    private RecordQuery Query(IEnumerable<string>? columns, RecordFilter filter, bool recordIds)
    {
        var projected = columns?.Where(RecordSchema.IsColumn).Distinct(StringComparer.Ordinal).ToList();
        return new RecordQuery
        {
            Projection = projected is null ? RecordProjection.All : RecordProjection.Of(projected),
            Filter = filter,
            YieldsRecordIds = recordIds || _collected is not null || projected is null || projected.Contains(RecordColumns.RecordId),
        };
    }

    private IEnumerable<T> Guard<T>(IEnumerable<T> items)
    {
        using var enumerator = items.GetEnumerator();
        while (true)
        {
            try
            {
                if (!enumerator.MoveNext())
                {
                    yield break;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CommandFailedException(ExitCodes.StoreUnavailable, $"Reading the store {Name} failed: {ex.Message}", ex);
            }

            yield return enumerator.Current;
        }
    }

    /// <summary>
    /// Prints the problems the read met (corrupt files, bad lines), the records it took from dead writers' logs and the
    /// duplicate records it skipped to standard error and returns them as report notes.
    /// </summary>
    public IReadOnlyList<string> ReportProblems()
    {
        var notes = new List<string>();
        foreach (var problem in _reader.Problems)
        {
            var note = problem.ToString();
            notes.Add(note);
            _context.WriteError($"warning: {note}");
        }

        if (_reader.DeadWriterRecords > 0)
        {
            var note = string.Create(CultureInfo.InvariantCulture,
                $"counted {_reader.DeadWriterRecords} record(s) from the write-ahead logs of writers that are gone (a test host killed before it sealed them); they stay in wal/ until the next writer of their run or 'runner-harness compact' seals them.");
            notes.Add(note);
            _context.WriteError($"note: {note}");
        }

        if (_reader.DuplicatesSkipped > 0)
        {
            var note = DuplicatesNote(_reader.DuplicatesSkipped);
            notes.Add(note);
            _context.WriteError($"note: {note}");
        }

        return notes;
    }

    // The reader counts repeats without comparing their content (hashing every record would cost every report);
    // verify compares them and names the conflicting ones.
    private static string DuplicatesNote(long skipped) => string.Create(CultureInfo.InvariantCulture,
        $"skipped {skipped} duplicate record(s): their record_id is held by more than one copy, and one counts (the earliest finished_at, then the smaller content hash, whatever the files' paths). {VerifyHint}");

    private const string VerifyHint = "'runner-harness verify' names any whose content differs.";
}
