using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Tests;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Cli.Tests.Commands;

/// <summary><c>show</c> in a terminal, over a store of each format: the record, the transcript with call ids, every attempt of a case key, and what it says when something is missing or damaged.</summary>
public abstract class ShowCommandTests
{
    private static readonly DateTime Morning = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);

    protected abstract StorageFormat Format { get; }

    [Fact]
    public void Show_RecordId_PrintsTheRecordAndItsTranscriptWithCallIds()
    {
        using var cli = new CliRun([], Format);
        var record = Attempt(0);
        Write(cli, [(record, Conversation())]);

        var (code, output, _) = cli.Run("show", record.RecordId.ToUpperInvariant(), "--store", cli.Store);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains($"record {record.RecordId}", output, StringComparison.Ordinal);
        Assert.Contains("  model: gpt-4o-mini", output, StringComparison.Ordinal);
        Assert.Contains("  tool_calls: 1", output, StringComparison.Ordinal);
        Assert.Contains("transcript: 6 message(s)", output, StringComparison.Ordinal);
        Assert.Contains("[2] assistant (gpt-4o-mini)\n    -> tool call call_7f3a: lookup_order({\"order_id\":\"4411\"})", output, StringComparison.Ordinal);
        Assert.Contains("[3] tool (gpt-4o-mini) answering call_7f3a\n    {\"status\":\"delivered\"}", output, StringComparison.Ordinal);
        Assert.Contains("[5] assistant [judge] (judge-large)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_CaseKey_ShowsEveryStoredAttemptOldestFirst()
    {
        using var cli = new CliRun([], Format);
        var later = Attempt(1, finishedAfterMinutes: 30);
        var earlier = Attempt(2, finishedAfterMinutes: 5);
        Write(cli, [(later, Conversation()), (earlier, [])]);

        var (code, output, _) = cli.Run("show", earlier.CaseKey!, "--store", cli.Store);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("2 stored attempt(s), oldest first", output, StringComparison.Ordinal);
        var first = output.IndexOf($"record {earlier.RecordId}", StringComparison.Ordinal);
        var second = output.IndexOf($"record {later.RecordId}", StringComparison.Ordinal);
        Assert.True(first >= 0 && second > first, output);
        Assert.Contains("transcript: none stored", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_DamagedTranscriptFile_WarnsAndStillShowsTheRecord()
    {
        using var cli = new CliRun([], Format);
        var record = Attempt(0);
        Write(cli, [(record, Conversation())]);
        var file = Directory.GetFiles(new StoreLayout(cli.Store).TranscriptDirectory, "*", SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(file, bytes);

        var (code, output, error) = cli.Run("show", record.RecordId, "--store", cli.Store);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains($"record {record.RecordId}", output, StringComparison.Ordinal);
        Assert.Contains("transcript: none stored", output, StringComparison.Ordinal);
        Assert.Contains("CorruptFile", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_UnknownId_ExitsNoDataNamingWhatWasLookedFor()
    {
        using var cli = new CliRun([], Format);
        Write(cli, [(Attempt(0), Conversation())]);

        var (code, _, error) = cli.Run("show", "no-such-record", "--store", cli.Store);

        Assert.Equal(ExitCodes.NoData, code);
        Assert.Contains("No record of the store", error, StringComparison.Ordinal);
        Assert.Contains("'no-such-record'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportThenImport_WithTranscripts_CarriesEveryTranscriptIntoTheOtherStore()
    {
        using var cli = new CliRun([], Format);
        var records = new[] { Attempt(3), Attempt(4, finishedAfterMinutes: 2) };
        Write(cli, records.Select(r => (r, Conversation())));
        var exported = Path.Combine(cli.Directory, "all.jsonl");
        var transcripts = Path.Combine(cli.Directory, "all.transcripts.jsonl");
        var other = Path.Combine(cli.Directory, "other-store");

        var export = cli.Run("export", "--store", cli.Store, "--format", "jsonl", "--output", exported, "--transcripts", transcripts);
        var import = cli.Run("import", exported, "--kind", "jsonl", "--store", other, "--format", Format == StorageFormat.Parquet ? "parquet" : "json", "--transcripts", transcripts);

        Assert.Equal(ExitCodes.Success, export.ExitCode);
        Assert.Contains("Exported 12 transcript messages", export.Out, StringComparison.Ordinal);
        Assert.True(import.ExitCode == ExitCodes.Success, import.Error);
        var carried = new RunnerHarness.Store.Transcripts.TranscriptReader(new StoreLayout(other)).Read(records.Select(r => r.RecordId));
        Assert.All(records, r => Assert.Equal(Conversation(), carried[r.RecordId]));
    }

    [Fact]
    public void Import_TranscriptsOfNoRecordOfTheInput_IsRefusedAndWritesNothing()
    {
        using var cli = new CliRun([], Format);
        Write(cli, [(Attempt(3), Conversation())]);
        var exported = Path.Combine(cli.Directory, "all.jsonl");
        var transcripts = Path.Combine(cli.Directory, "all.transcripts.jsonl");
        cli.Run("export", "--store", cli.Store, "--format", "jsonl", "--output", exported, "--transcripts", transcripts);
        File.WriteAllText(exported, "");
        var other = Path.Combine(cli.Directory, "other-store");

        var (code, _, error) = cli.Run("import", exported, "--kind", "jsonl", "--store", other, "--transcripts", transcripts);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("belong to no record of", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(other, "data")));
    }

    private static ResultRecord Attempt(int seed, int finishedAfterMinutes = 0) => new ResultRecordBuilder(TestRecords.Varied(1, seed)[0])
    {
        Model = "gpt-4o-mini",
        ToolCalls = 1,
        CaseKey = "WorkflowBench#WorkflowBench.WorkflowBatchTests.Run|model=gpt-4o-mini|prompt_type=optimal|difficulty=easy|#0",
        StartedAt = Morning.AddMinutes(finishedAfterMinutes).AddSeconds(-20),
        FinishedAt = Morning.AddMinutes(finishedAfterMinutes),
    }.Build();

    private static List<TranscriptMessage> Conversation() =>
    [
        new() { Role = TranscriptRoles.System, Model = "gpt-4o-mini", Content = "You are a support agent." },
        new() { Role = TranscriptRoles.User, Model = "gpt-4o-mini", Content = "Where is order 4411?" },
        new() { Role = TranscriptRoles.Assistant, Model = "gpt-4o-mini", ToolCalls = [new TranscriptToolCall("call_7f3a", "lookup_order", """{"order_id":"4411"}""")] },
        new() { Role = TranscriptRoles.Tool, Model = "gpt-4o-mini", ToolCallId = "call_7f3a", Content = """{"status":"delivered"}""" },
        new() { Role = TranscriptRoles.Assistant, Model = "gpt-4o-mini", Content = "Order 4411 was delivered yesterday." },
        new() { Role = TranscriptRoles.Assistant, Kind = TranscriptKinds.Judge, Model = "judge-large", Content = "5" },
    ];

    private void Write(CliRun cli, IEnumerable<(ResultRecord Record, List<TranscriptMessage> Transcript)> records)
    {
        using var writer = RecordWriter.Open(new StoreLayout(cli.Store), SampleHoldings.Rule, Format, "show-run");
        foreach (var (record, transcript) in records)
        {
            writer.Append(record, transcript);
        }
    }

    public sealed class JsonLines : ShowCommandTests
    {
        protected override StorageFormat Format => StorageFormat.Json;
    }

    public sealed class Parquet : ShowCommandTests
    {
        protected override StorageFormat Format => StorageFormat.Parquet;
    }
}
