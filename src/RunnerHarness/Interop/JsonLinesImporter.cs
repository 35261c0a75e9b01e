using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.Transcripts;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Interop;

/// <summary>
/// Imports JSON Lines written by other tools: each line an object with some of the record's columns
/// (snake_case names). A line without <c>record_id</c> gets one derived from its content, and a record the store
/// holds already with the same content (or an earlier line of the input holds) is skipped and counted, so
/// re-importing a file adds nothing. Lines that do not parse are reported and skipped; a name that is not a
/// column, or a line longer than the store readers' cap, refuses the whole import.
/// </summary>
internal sealed class JsonLinesImporter
{
    /// <summary>How long an import waits for another import of the same store to end.</summary>
    public static readonly TimeSpan LockPatience = TimeSpan.FromMinutes(10);

    /// <summary>Creates an importer into the store at <paramref name="layout"/>.</summary>
    public JsonLinesImporter(StoreLayout layout) => Layout = layout ?? throw new ArgumentNullException(nameof(layout));

    /// <summary>The store imported into.</summary>
    public StoreLayout Layout { get; }

    /// <summary>
    /// The most records a file the import seals holds: the live writer's segment size unless set (tests set fewer, so
    /// that an input of thousands of lines spans several files).
    /// </summary>
    internal int SegmentRecordLimit { get; init; } = new RecordWriterOptions().SegmentRecordLimit;

    /// <summary>
    /// Appends the records of <paramref name="path"/> under run <paramref name="runId"/> and seals them in <paramref name="format"/>.
    /// Lines carrying their own <c>run_id</c> keep it unless <paramref name="replaceRunIds"/>, when every record gets
    /// <paramref name="runId"/> (what <c>import --run</c> asks for).
    /// </summary>
    /// <exception cref="FileNotFoundException">The input does not exist.</exception>
    /// <exception cref="FormatException">A line is longer than the readers' cap, or names a column the schema does not have; nothing was written.</exception>
    /// <exception cref="ImportConflictException">An id of the input is stored (or repeated in the input) with other content; nothing was written.</exception>
    /// <exception cref="StoreWriteException">Another import held the store for <see cref="LockPatience"/>.</exception>
    public ImportResult Import(string path, string runId, StorageFormat format, bool replaceRunIds = false) => Import(path, runId, format, replaceRunIds, transcriptsPath: null);

    /// <summary>
    /// As <see cref="Import(string, string, StorageFormat, bool)"/>, with the transcripts of <paramref name="transcriptsPath"/>
    /// (a JSON Lines file of transcript rows, as <c>export --transcripts</c> writes) stored beside their records. Every
    /// transcript row must belong to a record of the input with its <c>record_id</c>; otherwise nothing is written.
    /// </summary>
    /// <exception cref="FormatException">A transcript line does not parse, or belongs to no record of the input; nothing was written.</exception>
    public ImportResult Import(string path, string runId, StorageFormat format, bool replaceRunIds, string? transcriptsPath)
    {
        // One lock from the conflict check to the seal: a concurrent import of the same ids checks what this one sealed.
        using var importLock = ImportLock.Acquire(Layout, LockPatience, TimeProvider.System);
        using var input = ImportInput.Open(path, Layout);
        var rewrite = RunIdRewrite(runId, replaceRunIds);
        return transcriptsPath is null
            ? ImportInOnePass(input, path, runId, format, replaceRunIds, rewrite)
            : ImportWithTranscripts(input, path, runId, format, replaceRunIds, rewrite, transcriptsPath);
    }

    // What import --run asks for: every record gets the import's run id; otherwise records keep theirs (null: no rewrite).
    private static Func<ResultRecord, ResultRecord>? RunIdRewrite(string runId, bool replaceRunIds) =>
        replaceRunIds ? record => record.RunId != runId ? new ResultRecordBuilder(record) { RunId = runId }.Build() : record : null;

    // With transcripts, two reads of one input (a pipe was spooled), each parsed on the pool as the one-pass import parses it:
    // every line is checked before anything is written, because a transcript's file is sealed before its records' file and so
    // cannot wait under tmp/ with them; a refused import leaves the store untouched. The records found stored already are known
    // before the write, so they and their transcripts are not written again.
    private ImportResult ImportWithTranscripts(
        ImportInput input, string path, string runId, StorageFormat format, bool replaceRunIds, Func<ResultRecord, ResultRecord>? rewrite, string transcriptsPath)
    {
        var problems = new List<StoreProblem>();
        var conflicts = new ImportConflictCheck();
        var columns = new ImportColumnCheck();
        var repeats = new HashSet<int>();
        foreach (var (record, _, lineNumber, digest) in new ImportRecords(columns).Read(input.Rewind(), path, problems))
        {
            NoteIncoming(conflicts, repeats, record, digest, lineNumber);
        }

        columns.ThrowIfAny(path);
        var transcripts = Transcripts(transcriptsPath, conflicts, path);
        conflicts.CheckAgainst(Layout, path);
        var carried = 0L;

        // The input is durable already: its records go straight into sealed files, with no write-ahead log in between.
        var summary = new BulkRecordWriter(Layout, SampleHoldings.Rule, format, new WriterIdentity(runId, "import"), SegmentRecordLimit).Write(
            Unstored(new ImportRecords(columns: null, rewrite).Read(input.Rewind(), path, reported: null), conflicts, repeats)
                .Select(line =>
                {
                    carried += Carries(line.Record);
                    return (line.Imported, transcripts.GetValueOrDefault(line.Record.RecordId));
                }));
        return Result(summary, problems, carried, replaceRunIds, conflicts, repeats);
    }

    // The input is read and parsed once, into files staged under tmp/ that are renamed into place only once the whole input
    // checked clean (columns, conflicts): a refused import still leaves the store as it was. When the check finds records
    // stored already, the staged files (which hold them too) are dropped and the records the store lacks, if any, are written
    // from another read: the common import into a store that lacks them all reads once, and an import again writes nothing.
    private ImportResult ImportInOnePass(ImportInput input, string path, string runId, StorageFormat format, bool replaceRunIds, Func<ResultRecord, ResultRecord>? rewrite)
    {
        var problems = new List<StoreProblem>();
        var conflicts = new ImportConflictCheck();
        var columns = new ImportColumnCheck();
        var repeats = new HashSet<int>();
        var carried = 0L;

        // Parsed, checked and digested on the pool a batch of lines at a time; noted and written here in the input's order.
        var records = new ImportRecords(columns, rewrite);

        IEnumerable<(ResultRecord, IReadOnlyList<TranscriptMessage>?)> Checked()
        {
            foreach (var (record, imported, lineNumber, digest) in records.Read(input.Rewind(), path, problems))
            {
                if (NoteIncoming(conflicts, repeats, record, digest, lineNumber))
                {
                    carried += Carries(record);
                    yield return (imported, null);
                }
            }
        }

        var writer = new BulkRecordWriter(Layout, SampleHoldings.Rule, format, new WriterIdentity(runId, "import"), SegmentRecordLimit);
        var summary = writer.Write(Checked(), beforePublish: () =>
        {
            columns.ThrowIfAny(path);
            conflicts.CheckAgainst(Layout, path);
            return conflicts.AlreadyStored == 0;
        });
        if (conflicts.AlreadyStored > 0)
        {
            carried = 0;
            if (conflicts.AlreadyStored < conflicts.IncomingCount)
            {
                // Checked whole already, under the same lock: sealed straight into data/, as an import with transcripts writes.
                summary = writer.Write(Unstored(new ImportRecords(columns: null, rewrite).Read(input.Rewind(), path, reported: null), conflicts, repeats)
                    .Select(line =>
                    {
                        carried += Carries(line.Record);
                        return (line.Imported, (IReadOnlyList<TranscriptMessage>?)null);
                    }));
            }
        }

        return Result(summary, problems, carried, replaceRunIds, conflicts, repeats);
    }

    // Notes a record of the input for the conflict check; a line repeating an earlier line's id (and content: other content is a
    // conflict) is kept in repeats, the same record, skipped. Whether the line is the first of its id.
    private static bool NoteIncoming(ImportConflictCheck conflicts, HashSet<int> repeats, ResultRecord record, UInt128 digest, int lineNumber)
    {
        if (conflicts.AddIncoming(record, digest, $"line {lineNumber}"))
        {
            return true;
        }

        repeats.Add(lineNumber);
        return false;
    }

    // The lines the import writes once the whole input was checked: the first of each id, unless the store holds its record already.
    private static IEnumerable<(ResultRecord Record, ResultRecord Imported)> Unstored(
        IEnumerable<(ResultRecord Record, ResultRecord Imported, int Line, UInt128 Digest)> lines, ImportConflictCheck conflicts, HashSet<int> repeats) =>
        lines.Where(line => !repeats.Contains(line.Line) && !conflicts.IsAlreadyStored(line.Record.RecordId)).Select(line => (line.Record, line.Imported));

    // Whether a line carried a run id of its own (replaced with --run, kept without), as 1 or 0.
    private static long Carries(ResultRecord record) => record.RunId is { Length: > 0 } ? 1 : 0;

    private static ImportResult Result(WriterSummary summary, List<StoreProblem> problems, long carried, bool replaceRunIds, ImportConflictCheck conflicts, HashSet<int> repeats) =>
        new(summary.RecordCount, summary.SealedFiles, problems)
        {
            RunIdsReplaced = replaceRunIds ? carried : 0,
            RunIdsKept = replaceRunIds ? 0 : carried,
            AlreadyStored = conflicts.AlreadyStored,
            RepeatedInInput = repeats.Count,
        };

    // The transcripts of the file, by record id; each must belong to a record of the input, or nothing is written.
    private static Dictionary<string, IReadOnlyList<TranscriptMessage>> Transcripts(string transcriptsPath, ImportConflictCheck incoming, string path)
    {
        if (!File.Exists(transcriptsPath))
        {
            throw new FileNotFoundException($"The transcripts file {transcriptsPath} does not exist.", transcriptsPath);
        }

        var bad = new List<StoreProblem>();
        var rows = TranscriptJsonLines.Read(transcriptsPath, bad.Add, StoreProblemKind.BadLine);
        if (bad.Count > 0)
        {
            throw new FormatException($"{transcriptsPath}: {bad.Count} line(s) are not transcript rows ({bad[0].Message}); nothing was imported.");
        }

        var orphans = rows.Select(r => r.RecordId).Where(id => !incoming.HoldsIncoming(id)).Distinct(RecordIdComparer.Instance).ToList();
        if (orphans.Count > 0)
        {
            throw new FormatException(
                $"{transcriptsPath}: the transcripts of {orphans.Count} record id(s) belong to no record of {path} (e.g. {string.Join(", ", orphans.Take(5))}); " +
                "export records and transcripts together (export --transcripts). Nothing was imported.");
        }

        return rows.GroupBy(r => r.RecordId, RecordIdComparer.Instance)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<TranscriptMessage>)[.. g.OrderBy(r => r.Sequence).Select(r => r.Message)], RecordIdComparer.Instance);
    }
}
