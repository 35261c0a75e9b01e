using System.Globalization;
using System.Text;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.JsonLines;

namespace RunnerHarness.Interop;

/// <summary>
/// Imports JSON Lines written by other tools: each line an object with some of the record's columns
/// (snake_case names). A line without <c>record_id</c> gets one derived from its content, so
/// re-importing a file adds nothing. Lines that do not parse are reported and skipped.
/// </summary>
public sealed class JsonLinesImporter
{
    /// <summary>Creates an importer into the store at <paramref name="layout"/>.</summary>
    public JsonLinesImporter(StoreLayout layout) => Layout = layout ?? throw new ArgumentNullException(nameof(layout));

    /// <summary>The store imported into.</summary>
    public StoreLayout Layout { get; }

    /// <summary>Appends the records of <paramref name="path"/> under run <paramref name="runId"/> and seals them in <paramref name="format"/>.</summary>
    /// <exception cref="FileNotFoundException">The input does not exist.</exception>
    /// <exception cref="ImportConflictException">An id of the input is stored (or repeated in the input) with other content; nothing was written.</exception>
    public ImportResult Import(string path, string runId, StorageFormat format)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The file to import, {path}, does not exist.", path);
        }

        // Two passes: every line is checked against the store before anything is written, so a refused
        // import leaves the store untouched.
        var problems = new List<StoreProblem>();
        var conflicts = new ImportConflictCheck();
        foreach (var (record, lineNumber) in Records(path, problems))
        {
            conflicts.AddIncoming(record, $"line {lineNumber}");
        }

        conflicts.CheckAgainst(Layout, path);
        using var writer = RecordWriter.Open(Layout, format, runId, scope: "import");
        foreach (var (record, _) in Records(path, reported: null))
        {
            writer.Append(record);
        }

        var summary = writer.Complete();
        return new ImportResult(summary.RecordCount, summary.SealedFiles, problems);
    }

    /// <summary>The records of the file with their line numbers; bad lines go to <paramref name="reported"/> (when given) and are skipped.</summary>
    private static IEnumerable<(ResultRecord Record, int Line)> Records(string path, List<StoreProblem>? reported)
    {
        var lineNumber = 0;
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (JsonLinesRecordCodec.TryParse(Encoding.UTF8.GetBytes(line), out var record, out var error, requireRecordId: false))
            {
                if (string.IsNullOrEmpty(record!.RecordId))
                {
                    // Identical lines are told apart by their occurrence, so both are kept, and both again on re-import.
                    var occurrence = occurrences[line] = occurrences.GetValueOrDefault(line) + 1;
                    record = new ResultRecordBuilder(record!) { RecordId = DeterministicRecordId.From("jsonl-import", line, occurrence.ToString(CultureInfo.InvariantCulture)) }.Build();
                }

                yield return (record, lineNumber);
            }
            else
            {
                reported?.Add(new StoreProblem(StoreProblemKind.BadLine, path, $"line {lineNumber} is not a record and is skipped: {error}"));
            }
        }
    }
}
