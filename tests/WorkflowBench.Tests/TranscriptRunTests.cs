using System.Text.Json;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.Transcripts;
using RunnerHarness.Tests;
using RunnerHarness.Transcripts;

namespace WorkflowBench.Tests;

/// <summary>
/// The sample run offline into a JSON Lines store and a Parquet store (the medium tasks of two models, 60 rows each), with
/// no transcript code in the sample: every record's transcript is stored beside it, its assistant tool calls are the
/// record's <c>tool_calls</c>, its tool results answer those calls by id (all of them but the last turn's of a run that hit
/// the turn limit, whose results the agent sent to no model), and <c>runner-harness show --json</c> gives
/// them in the OpenAI chat message shape.
/// </summary>
public sealed class TranscriptRunTests : IClassFixture<TranscriptRunTests.Runs>
{
    private readonly Runs _runs;

    public TranscriptRunTests(Runs runs) => _runs = runs;

    private static readonly string[] FormatNames = ["json", "parquet"];

    public static TheoryData<string> Formats => [.. FormatNames];

    [Theory]
    [MemberData(nameof(Formats))]
    public void SampleRun_EveryRecord_HasItsTranscriptStoredBesideIt(string format)
    {
        var (run, store) = _runs.Of(format);
        Assert.True(run.Process.ExitCode == 0, run.Process.Output);
        Assert.Equal(60, run.Records.Count);
        var layout = new StoreLayout(store);
        var extension = format == "parquet" ? ".parquet" : ".jsonl";

        var transcriptFiles = Directory.GetFiles(layout.TranscriptDirectory, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(transcriptFiles);
        Assert.All(transcriptFiles, f => Assert.EndsWith(extension, f, StringComparison.Ordinal));
        Assert.All(transcriptFiles, f => Assert.Contains(".sha256_", Path.GetFileName(f), StringComparison.Ordinal));
        var transcripts = new TranscriptReader(layout).Read(run.Records.Select(r => r.RecordId));
        Assert.Equal(run.Records.Count, transcripts.Count);
        Assert.True(new StoreVerifier(layout, SampleHoldings.Rule).Verify().IsClean);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void SampleRun_Transcripts_AssistantToolCallsAreTheRecordsAndToolResultsCarryTheirCallIds(string format)
    {
        var (run, store) = _runs.Of(format);
        var transcripts = new TranscriptReader(new StoreLayout(store)).Read(run.Records.Select(r => r.RecordId));

        Assert.All(run.Records, record =>
        {
            var transcript = transcripts[record.RecordId];
            var dump = string.Join("\n", transcript.Select(m => $"{m.Role} {m.ToolCallId} [{string.Join(",", m.ToolCalls.Select(c => c.Id + ":" + c.Name))}] {m.Content?[..Math.Min(m.Content.Length, 80)]}"));
            Assert.True(transcript.Take(2).Select(m => m.Role).SequenceEqual([TranscriptRoles.System, TranscriptRoles.User]), dump);
            var calls = transcript.Where(m => m.Role == TranscriptRoles.Assistant).SelectMany(m => m.ToolCalls).ToList();
            Assert.Equal(record.ToolCalls, calls.Count);
            Assert.All(calls, c => Assert.False(string.IsNullOrEmpty(c.Id)));
            Assert.All(calls, c => JsonDocument.Parse(c.Arguments).Dispose());

            // Each tool result answers a call made before it, by its id, once. Every call is answered, except the calls of
            // the last turn of a run that hit the turn limit: the agent ran them, but sent their results to no model.
            var results = transcript.Select((m, i) => (Message: m, Index: i)).Where(p => p.Message.Role == TranscriptRoles.Tool).ToList();
            var answered = results.Select(r => r.Message.ToolCallId!).ToList();
            Assert.Equal(answered.Count, answered.Distinct(StringComparer.Ordinal).Count());
            Assert.All(results, r => Assert.Contains(transcript.Take(r.Index).SelectMany(m => m.ToolCalls), c => c.Id == r.Message.ToolCallId));
            var unanswered = calls.Select(c => c.Id).Except(answered, StringComparer.Ordinal).ToList();
            var lastCalls = transcript.Last(m => m.Role == TranscriptRoles.Assistant).ToolCalls.Select(c => c.Id);
            Assert.True(unanswered.Count == 0 || (record.Turns == 10 && unanswered.All(lastCalls.Contains)), $"record {record.RecordId} (turns {record.Turns}), unanswered calls {string.Join(", ", unanswered)}:\n{dump}");
            Assert.All(transcript, m => Assert.Equal(TranscriptKinds.Model, m.Kind));
        });
        Assert.True(run.Records.Sum(r => r.ToolCalls!.Value) >= 60, "the models hardly called tools: the check above proves little");
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Show_Json_GivesTheRecordAndItsTranscriptInTheOpenAIChatShape(string format)
    {
        var (run, store) = _runs.Of(format);
        var record = run.Records.Where(r => r.ToolCalls > 1).OrderBy(r => r.RecordId, StringComparer.Ordinal).First();

        var show = Cli("show", record.RecordId, "--store", store, "--json");

        Assert.True(show.ExitCode == 0, show.Output);
        using var document = JsonDocument.Parse(show.StandardOutput);
        var root = document.RootElement;
        Assert.Equal(record.RecordId, root.GetProperty("record").GetProperty("record_id").GetString());
        Assert.Equal(record.ToolCalls, root.GetProperty("record").GetProperty("tool_calls").GetInt32());
        var messages = root.GetProperty("transcript").EnumerateArray().ToList();
        var calls = messages.Where(m => m.GetProperty("role").GetString() == "assistant" && m.TryGetProperty("tool_calls", out _))
            .SelectMany(m => m.GetProperty("tool_calls").EnumerateArray()).ToList();
        Assert.Equal(record.ToolCalls, calls.Count);
        Assert.All(calls, c =>
        {
            Assert.Equal("function", c.GetProperty("type").GetString());
            Assert.False(string.IsNullOrEmpty(c.GetProperty("id").GetString()));
            Assert.False(string.IsNullOrEmpty(c.GetProperty("function").GetProperty("name").GetString()));
            JsonDocument.Parse(c.GetProperty("function").GetProperty("arguments").GetString()!).Dispose();
        });
        var answered = messages.Where(m => m.GetProperty("role").GetString() == "tool").Select(m => m.GetProperty("tool_call_id").GetString()).Order();
        Assert.Equal(calls.Select(c => c.GetProperty("id").GetString()).Order(), answered);
    }

    [Fact]
    public void Show_CaseKey_ShowsEveryStoredAttempt()
    {
        var (run, store) = _runs.Of("json");
        var record = run.Records.OrderBy(r => r.RecordId, StringComparer.Ordinal).First();

        var show = Cli("show", record.CaseKey!, "--store", store, "--json");

        Assert.True(show.ExitCode == 0, show.Output);
        using var document = JsonDocument.Parse(show.StandardOutput);
        Assert.Equal(record.CaseKey, document.RootElement.GetProperty("case_key").GetString());
        var attempts = document.RootElement.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(run.Records.Count(r => r.CaseKey == record.CaseKey), attempts.Count);
        Assert.Contains(attempts, a => a.GetProperty("record").GetProperty("record_id").GetString() == record.RecordId);
    }

    [Fact]
    public void Show_UnknownId_FailsWithNoDataAndSaysWhatWasLookedFor()
    {
        var (_, store) = _runs.Of("json");

        var show = Cli("show", "0193a5c2-0000-7000-8000-000000000000", "--store", store);

        Assert.Equal(4, show.ExitCode);
        Assert.Contains("No record of the store", show.Output, StringComparison.Ordinal);
        Assert.Contains("0193a5c2-0000-7000-8000-000000000000", show.Output, StringComparison.Ordinal);
    }

    private static ProcessResult Cli(params string[] args) =>
        ChildProcess.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "runner-harness.dll"), .. args], RepositoryFolder.Root);

    /// <summary>The two runs, one per format, made once for the class.</summary>
    public sealed class Runs : IDisposable
    {
        private readonly TemporaryDirectory _directory = new();
        private readonly Dictionary<string, (SampleStoreRun Run, string Store)> _runs = [];

        public Runs()
        {
            foreach (var format in FormatNames)
            {
                var store = Path.Combine(_directory.Path, format);
                _runs[format] = (SampleStoreRun.Start(store, new Dictionary<string, string>
                {
                    ["STORAGE_FORMAT"] = format,
                    ["RUNNER_HARNESS_DIFFICULTIES"] = "medium",
                    ["RUNNER_HARNESS_MODELS"] = "sim-small,sim-large",
                }), store);
            }
        }

        public (SampleStoreRun Run, string Store) Of(string format) => _runs[format];

        public void Dispose() => _directory.Dispose();
    }
}
