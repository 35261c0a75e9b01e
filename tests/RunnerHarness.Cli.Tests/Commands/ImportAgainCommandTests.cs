using System.Text.Json;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Tests.Reporting;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Cli.Tests.Commands;

/// <summary>
/// <c>import</c> of what the store holds already, of every kind the command reads and every export it reads back: the records
/// stored with the same content are skipped and counted, the store verifies clean and each record keeps its first import's run.
/// </summary>
public sealed class ImportAgainCommandTests
{
    private static readonly string[] LinesWithoutIds =
    [
        """{"model":"gpt-4o-mini","prompt_type":"baseline","difficulty":"easy","outcome":"passed","final_score":0.91,"started_at":"2026-11-28T04:35:02Z"}""",
        """{"model":"gpt-4o-mini","prompt_type":"cot","difficulty":"hard","outcome":"failed","error_category":"timeout","started_at":"2026-11-28T04:35:09Z"}""",
        """{"model":"claude-haiku-4","prompt_type":"baseline","difficulty":"hard","outcome":"passed","final_score":0.74,"started_at":"2026-11-28T04:35:17Z"}""",
    ];

    [Theory]
    [InlineData("json")]
    [InlineData("parquet")]
    public void Import_SameJsonLinesTwice_SecondAddsNothingAndTheRecordsKeepTheFirstRun(string format)
    {
        using var cli = new CliRun([]);
        var input = Path.Combine(cli.Directory, "other-tool.jsonl");
        File.WriteAllLines(input, LinesWithoutIds);

        var first = cli.Run("import", input, "--kind", "jsonl", "--store", cli.Store, "--format", format, "--run", "import-20261207-0900");
        var again = cli.Run("import", input, "--kind", "jsonl", "--store", cli.Store, "--format", format, "--run", "import-20261207-0930");

        Assert.True(first.ExitCode == ExitCodes.Success, first.Error);
        Assert.True(again.ExitCode == ExitCodes.Success, again.Error);
        Assert.Contains("Imported 0 records", again.Out, StringComparison.Ordinal);
        Assert.Contains("3 records were stored already with the same content and were skipped", again.Out, StringComparison.Ordinal);
        AssertVerifiesClean(cli, cli.Store);
        Assert.Equal(["import-20261207-0900", "import-20261207-0900", "import-20261207-0900"], RunsOfStoredRecords(cli.Store));
    }

    [Fact]
    public void Import_FileOfStoredAndNewRecords_AddsOnlyTheNewAndCountsTheRest()
    {
        using var cli = new CliRun([]);
        var input = Path.Combine(cli.Directory, "other-tool.jsonl");
        File.WriteAllLines(input, LinesWithoutIds[..2]);
        Assert.Equal(ExitCodes.Success, cli.Run("import", input, "--kind", "jsonl", "--store", cli.Store, "--run", "import-20261207-0900").ExitCode);
        File.WriteAllLines(input, LinesWithoutIds);

        var (code, output, error) = cli.Run("import", input, "--kind", "jsonl", "--store", cli.Store, "--run", "import-20261207-0930", "--json");

        Assert.True(code == ExitCodes.Success, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal((1, 2), (json.GetProperty("records").GetInt64(), json.GetProperty("already_stored").GetInt64()));
        AssertVerifiesClean(cli, cli.Store);
        Assert.Equal(["import-20261207-0900", "import-20261207-0900", "import-20261207-0930"], RunsOfStoredRecords(cli.Store));
    }

    [Fact]
    public void Import_ExportOfTheSameStore_AddsNothing()
    {
        using var cli = new CliRun();
        var export = Path.Combine(cli.Directory, "all.jsonl");
        Assert.Equal(ExitCodes.Success, cli.Run("export", "--store", cli.Store, "--format", "jsonl", "--output", export).ExitCode);
        var before = RunsOfStoredRecords(cli.Store);

        var (code, output, error) = cli.Run("import", export, "--kind", "jsonl", "--store", cli.Store, "--run", "import-20261207-1000");

        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("Imported 0 records", output, StringComparison.Ordinal);
        Assert.Contains($"{before.Length} records were stored already with the same content and were skipped", output, StringComparison.Ordinal);
        AssertVerifiesClean(cli, cli.Store);
        Assert.Equal(before, RunsOfStoredRecords(cli.Store));
    }

    [Fact]
    public void Import_ExportWithTranscriptsTwice_WritesEachTranscriptOnce()
    {
        using var cli = new CliRun([]);
        var source = Path.Combine(cli.Directory, "source");
        WriteStoreWithTranscripts(source);
        var export = Path.Combine(cli.Directory, "all.jsonl");
        var transcripts = Path.Combine(cli.Directory, "all.transcripts.jsonl");
        Assert.Equal(ExitCodes.Success, cli.Run("export", "--store", source, "--format", "jsonl", "--output", export, "--transcripts", transcripts).ExitCode);

        var first = cli.Run("import", export, "--kind", "jsonl", "--store", cli.Store, "--transcripts", transcripts);
        var transcriptFiles = TranscriptFiles(cli.Store);
        var again = cli.Run("import", export, "--kind", "jsonl", "--store", cli.Store, "--transcripts", transcripts, "--run", "import-20261207-1100");

        Assert.True(first.ExitCode == ExitCodes.Success, first.Error);
        Assert.True(again.ExitCode == ExitCodes.Success, again.Error);
        Assert.Contains("Imported 0 records", again.Out, StringComparison.Ordinal);
        Assert.Contains("12 records were stored already with the same content and were skipped", again.Out, StringComparison.Ordinal);
        Assert.Equal(transcriptFiles, TranscriptFiles(cli.Store));
        AssertVerifiesClean(cli, cli.Store);
        Assert.All(RunsOfStoredRecords(cli.Store), run => Assert.Equal("nightly-20261207", run));
    }

    [Fact]
    public void Import_SameMasterDatabaseTwice_SecondAddsNothingAndTheRecordsKeepTheFirstRun()
    {
        using var cli = new CliRun();
        var export = Path.Combine(cli.Directory, "master_database.json");
        Assert.Equal(ExitCodes.Success, cli.Run("export", "--store", cli.Store, "--format", "master-database", "--output", export).ExitCode);
        var target = Path.Combine(cli.Directory, "seeded");

        var first = cli.Run("import", export, "--kind", "master-database", "--store", target, "--run", "seed-history");
        var rebuilt = RunsOfStoredRecords(target).Length;
        var again = cli.Run("import", export, "--kind", "master-database", "--store", target, "--run", "seed-history-again");

        Assert.True(first.ExitCode == ExitCodes.Success, first.Error);
        Assert.True(again.ExitCode == ExitCodes.Success, again.Error);
        Assert.Contains("Imported 0 records", again.Out, StringComparison.Ordinal);
        Assert.Contains($"{rebuilt} records were stored already with the same content and were skipped", again.Out, StringComparison.Ordinal);
        AssertVerifiesClean(cli, target);
        Assert.All(RunsOfStoredRecords(target), run => Assert.Equal("seed-history", run));
    }

    private static void AssertVerifiesClean(CliRun cli, string store)
    {
        var (code, output, error) = cli.Run("verify", "--store", store);
        Assert.True(code == ExitCodes.Success, $"verify exited {code}: {output}{error}");
    }

    private static string[] RunsOfStoredRecords(string store) =>
        [.. new StoreReader(new StoreLayout(store)).Read().Select(r => r.RunId!).Order(StringComparer.Ordinal)];

    private static string[] TranscriptFiles(string store)
    {
        var folder = new StoreLayout(store).TranscriptDirectory;
        return Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)] : [];
    }

    // Twelve records of a nightly run, every third with a two-message transcript, as a test host writes them.
    private static void WriteStoreWithTranscripts(string path)
    {
        using var writer = RecordWriter.Open(new StoreLayout(path), SampleHoldings.Rule, StorageFormat.Json, "nightly-20261207");
        var records = SampleRecords.All().Take(12).ToList();
        for (var i = 0; i < records.Count; i++)
        {
            IReadOnlyList<TranscriptMessage>? transcript = i % 3 != 0 ? null :
            [
                new TranscriptMessage { Role = "user", Content = $"List the files of project-{i} and read its README.", Model = records[i].Model },
                new TranscriptMessage { Role = "assistant", Content = $"project-{i} holds README.md and src/.", Model = records[i].Model },
            ];
            writer.Append(new ResultRecordBuilder(records[i]) { RunId = null }.Build(), transcript);
        }

        writer.Complete();
    }
}
