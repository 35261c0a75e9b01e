using System.Globalization;
using System.Text;
using System.Text.Json;
using RunnerHarness.Cli.Tests.Faults;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Tests.Reporting;

namespace RunnerHarness.Cli.Tests.Commands;

/// <summary><c>import --kind jsonl</c>: reads its input once, refuses what readers would hide or drop, and says what it did.</summary>
public sealed class ImportCommandTests
{
    private static readonly string[] ThreeResults =
    [
        """{"model":"gpt-4o-mini","prompt_type":"baseline","difficulty":"easy","outcome":"passed","final_score":0.91,"started_at":"2026-11-28T04:35:02Z"}""",
        """{"model":"gpt-4o-mini","prompt_type":"cot","difficulty":"hard","outcome":"failed","error_category":"timeout","started_at":"2026-11-28T04:35:09Z"}""",
        """{"model":"claude-haiku-4","prompt_type":"baseline","difficulty":"hard","outcome":"passed","final_score":0.74,"started_at":"2026-11-28T04:35:17Z"}""",
    ];

    [Fact]
    public async Task Import_FromAPipe_ImportsEveryLine()
    {
        using var cli = new CliRun();
        var layout = new StoreLayout(cli.Store);

        var (code, output, error) = await CliProcess.RunWithInputAsync(
            string.Join('\n', ThreeResults) + "\n", "import", "/dev/stdin", "--kind", "jsonl", "--store", cli.Store, "--run", "piped");

        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("Imported 3 records from /dev/stdin", output, StringComparison.Ordinal);
        Assert.Equal(3, new StoreReader(layout).Read().Count(r => r.RunId == "piped"));
        Assert.Empty(Directory.Exists(layout.TempDirectory) ? Directory.GetFiles(layout.TempDirectory) : []);
    }

    [Fact]
    public void Import_IdStoredInLowerCaseGivenInUpperCaseWithOtherContent_IsRefusedAsAConflict()
    {
        var records = SampleRecords.All().ToList();
        var stored = records[0] = new ResultRecordBuilder(records[0]) { RecordId = "0194a3f2-7c1e-7b3a-9f4e-5d2c8b1a6e0f", Outcome = TestOutcome.Passed, ErrorCategory = null }.Build();
        using var cli = new CliRun(records);
        var layout = new StoreLayout(cli.Store);
        var shouted = new ResultRecordBuilder(stored) { RecordId = stored.RecordId.ToUpperInvariant(), Outcome = TestOutcome.Failed, ErrorCategory = "timeout" }.Build();
        var input = Path.Combine(cli.Directory, "shouted.jsonl");
        File.WriteAllText(input, Line(shouted));

        var (code, _, error) = cli.Run("import", input, "--store", cli.Store, "--kind", "jsonl");

        Assert.Equal(ExitCodes.ImportRefused, code);
        Assert.Contains(shouted.RecordId, error, StringComparison.Ordinal);
        Assert.Equal(TestOutcome.Passed, new StoreReader(layout).Read().Single(r => string.Equals(r.RecordId, stored.RecordId, StringComparison.OrdinalIgnoreCase)).Outcome);
    }

    [Fact]
    public async Task Import_TwoConcurrentImportsOfTheSameIdsWithOtherContent_ExactlyOneSucceeds()
    {
        using var cli = new CliRun();
        var layout = new StoreLayout(cli.Store);
        var ids = Enumerable.Range(0, 2000).Select(i => new Guid(i, 7, 7, 1, 2, 3, 4, 5, 6, 7, 8).ToString("D")).ToArray();
        var inputs = new[] { TestOutcome.Passed, TestOutcome.Failed }.Select(outcome =>
        {
            var path = Path.Combine(cli.Directory, $"{outcome}.jsonl".ToLowerInvariant());
            File.WriteAllLines(path, ids.Select(id => Line(new ResultRecordBuilder
            {
                RecordId = id,
                Model = "gpt-4o-mini",
                PromptType = "baseline",
                Difficulty = "medium",
                Outcome = outcome,
                StartedAt = new DateTime(2026, 11, 28, 4, 35, 2, DateTimeKind.Utc),
            }.Build()).TrimEnd('\n')));
            return path;
        }).ToArray();
        using var start = new Barrier(inputs.Length);

        var results = await Task.WhenAll(inputs.Select((input, i) => Task.Run(() =>
        {
            start.SignalAndWait();
            return cli.Run("import", input, "--store", cli.Store, "--kind", "jsonl", "--run", $"import-{i}");
        })));

        Assert.Equal([ExitCodes.Success, ExitCodes.ImportRefused], results.Select(r => r.ExitCode).Order());
        Assert.Contains(ids[0], results.Single(r => r.ExitCode == ExitCodes.ImportRefused).Error, StringComparison.Ordinal);
        var outcomes = new StoreReader(layout).Read().Where(r => ids.Contains(r.RecordId)).GroupBy(r => r.Outcome).ToList();
        Assert.Equal(2000, Assert.Single(outcomes).Count());
    }

    [Fact]
    public void Import_LineLongerThanTheReadersCap_IsRefusedNamingTheLineAndTheCap()
    {
        using var cli = new CliRun();
        var layout = new StoreLayout(cli.Store);
        var input = Path.Combine(cli.Directory, "long.jsonl");
        using (var file = new StreamWriter(input, false, new UTF8Encoding(false)))
        {
            file.Write(ThreeResults[0] + "\n");
            file.Write("""{"model":"gpt-4o-mini","outcome":"failed","error_message":" """);
            file.Write(new string('x', 64 << 20));
            file.Write("\"}\n");
        }

        var (code, _, error) = cli.Run("import", input, "--store", cli.Store, "--kind", "jsonl");

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("line 2 is longer than 67108864 bytes", error, StringComparison.Ordinal);
        Assert.Equal(80, new StoreReader(layout).Read().Count());
    }

    [Fact]
    public void Import_MisspelledColumn_IsRefusedNamingIt()
    {
        using var cli = new CliRun();
        var layout = new StoreLayout(cli.Store);
        var input = Path.Combine(cli.Directory, "typo.jsonl");
        File.WriteAllLines(input, [ThreeResults[0], """{"modle":"gpt-4o-mini","outcome":"passed","finalscore":0.8}"""]);

        var (code, _, error) = cli.Run("import", input, "--store", cli.Store, "--kind", "jsonl");

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("'finalscore'", error, StringComparison.Ordinal);
        Assert.Contains("'modle'", error, StringComparison.Ordinal);
        Assert.Contains("line 2", error, StringComparison.Ordinal);
        Assert.Equal(80, new StoreReader(layout).Read().Count());
    }

    [Fact]
    public void Import_RunOptionWithLinesCarryingARunId_ReportOfThatRunShowsThem()
    {
        using var cli = new CliRun();
        var input = Path.Combine(cli.Directory, "nightly.jsonl");
        File.WriteAllLines(input, ThreeResults.Select(l => l.Replace("{", """{"run_id":"nightly-7",""", StringComparison.Ordinal)));

        var (code, output, error) = cli.Run("import", input, "--store", cli.Store, "--kind", "jsonl", "--run", "backfill-2026");
        var (_, report, _) = cli.Run("report", "--store", cli.Store, "--run", "backfill-2026", "--json");

        Assert.True(code == ExitCodes.Success, error);
        Assert.Equal(3, JsonDocument.Parse(report).RootElement.GetProperty("totals").GetProperty("records").GetInt64());
        Assert.Contains("replaced the run_id of 3 lines", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_StorageFormatWithSpacesAndUpperCase_IsReadAsTheTestHostReadsIt()
    {
        using var cli = new CliRun();
        var input = Path.Combine(cli.Directory, "results.jsonl");
        File.WriteAllLines(input, ThreeResults);
        cli.Environment["STORAGE_FORMAT"] = " PARQUET ";

        var (code, _, error) = cli.Run("import", input, "--store", cli.Store, "--kind", "jsonl", "--run", "spaced-format");

        Assert.True(code == ExitCodes.Success, error);
        Assert.Equal([StoreLayout.ParquetExtension], new StoreLayout(cli.Store).RunFiles("spaced-format").Select(Path.GetExtension));
    }

    private static string Line(ResultRecord record)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        JsonLinesRecordCodec.WriteLine(record, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
