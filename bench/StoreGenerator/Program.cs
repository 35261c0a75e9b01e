using System.Globalization;
using RunnerHarness.Aggregation;
using RunnerHarness.Matrix;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Transcripts;

// Usage: StoreGenerator <store-dir> <records> [json|parquet] [writer-scope] [run-id=bench] [transcripts] [bulk|live]
// Deterministic (seeded) synthetic records over the seed's matrix, every contract column set, with the case keys
// the recorder gives (so top-up planning finds them held). Concurrent generators into one store need distinct
// writer scopes, as concurrent test hosts have. With "transcripts" every record also gets a WorkflowBench-like
// transcript (system and user prompt, one assistant tool call and tool result per tool_calls, a final answer), drawn
// from its own seeded generator so that the records are the same with and without transcripts. Records are written
// straight into sealed files (BulkRecordWriter, as import does; "bulk", the default), or with "live" through the
// write-ahead log a test host's RecordWriter keeps, to compare the two ("none" builds the records only: the generator's own share).
if (args.Length < 2 || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
{
    Console.Error.WriteLine("usage: StoreGenerator <store-dir> <records> [json|parquet] [writer-scope] [run-id=bench] [transcripts] [bulk|live]");
    return 2;
}

var format = args.Length > 2 && args[2] == "parquet" ? StorageFormat.Parquet : StorageFormat.Json;
string[] models = ["gpt-4o-mini", "gpt-5-mini", "DeepSeek-V3-0324", "DeepSeek-R1-0528", "Llama-3.3-70B-Instruct", "grok-3", "qwen2.5-72b-instruct", "qwen2.5-7b-instruct"];
string[] prompts = ["baseline", "optimal", "cot", "flawed_sequence_disorder", "flawed_tool_misuse"];
string[] difficulties = ["very_easy", "easy", "medium", "hard", "very_hard"];
string[] tasks = ["simple_task", "basic_task", "data_pipeline", "api_integration", "multi_stage_pipeline"];
double[] rates = [0.6, 0.7, 0.8, 0.9];
var random = new Random(42);
var withTranscripts = args.Length > 5 && args[5] == "transcripts";
var talk = new Random(7);
string[] tools = ["read_csv", "filter_rows", "aggregate", "write_report", "send_email", "lookup_customer"];
var start = new DateTime(2025, 8, 1, 0, 0, 0, DateTimeKind.Utc);
var mode = args.Length > 6 ? args[6] : "bulk";
if (mode is not ("bulk" or "live" or "none"))
{
    Console.Error.WriteLine($"StoreGenerator: the write mode '{mode}' is unknown; valid: bulk (sealed files directly, the default), live (through the write-ahead log), none (builds the records and writes nothing: the generator's own cost).");
    return 2;
}

var layout = new StoreLayout(args[0]);
var identity = new WriterIdentity(args.Length > 4 ? args[4] : "bench", args.Length > 3 && args[3].Length > 0 ? args[3] : null);
var sw = System.Diagnostics.Stopwatch.StartNew();
if (mode == "bulk")
{
    new BulkRecordWriter(layout, SampleHoldings.Rule, format, identity).Write(Records());
}
else if (mode == "none")
{
    foreach (var _ in Records())
    {
    }
}
else
{
    using var writer = RecordWriter.Open(layout, SampleHoldings.Rule, format, identity);
    foreach (var (record, transcript) in Records())
    {
        writer.Append(record, transcript);
    }

    writer.Complete();
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {count} {format} records{(withTranscripts ? " with transcripts" : "")} ({mode}) to {args[0]} in {sw.Elapsed.TotalSeconds:F1} s"));
return 0;

IEnumerable<(ResultRecord Record, IReadOnlyList<TranscriptMessage>? Transcript)> Records()
{
    for (var i = 0; i < count; i++)
    {
        var model = models[i % models.Length];
        var prompt = prompts[(i / models.Length) % prompts.Length];
        var level = random.NextDouble();
        var outcome = level < 0.02 ? TestOutcome.Skipped : level < 0.55 ? TestOutcome.Passed : TestOutcome.Failed;
        var finished = start.AddSeconds(i);
        var record = new ResultRecordBuilder
        {
            Assembly = "WorkflowBench",
            TestClass = "WorkflowBench.ToolUseBatch",
            TestMethod = "Run",
            DisplayName = $"Run(model: \"{model}\", prompt: \"{prompt}\", sample: {i % 1000})",
            Outcome = outcome,
            StartedAt = finished.AddMilliseconds(-1500),
            FinishedAt = finished,
            DurationMs = 1500 + random.Next(5000),
            Model = model,
            Provider = "simulated",
            PromptType = prompt,
            Difficulty = difficulties[random.Next(difficulties.Length)],
            TaskType = tasks[random.Next(tasks.Length)],
            ToolSuccessRate = rates[random.Next(rates.Length)],
            FlawType = prompt.StartsWith("flawed_", StringComparison.Ordinal) ? prompt[7..] : null,
            SampleIndex = i % 1000,
            SuccessLevel = outcome == TestOutcome.Skipped ? null : level < 0.4 ? SuccessLevel.FullSuccess : level < 0.55 ? SuccessLevel.PartialSuccess : SuccessLevel.Failure,
            ErrorCategory = outcome != TestOutcome.Failed ? null : level > 0.97 ? ErrorCategory.RateLimited : ErrorCategory.ModelCategories[random.Next(8)],
            ErrorMessage = outcome == TestOutcome.Failed ? "simulated failure" : null,
            Turns = 1 + random.Next(10),
            ToolCalls = random.Next(12),
            WorkflowScore = random.NextDouble(),
            Phase2Score = random.NextDouble(),
            QualityScore = random.NextDouble(),
            FinalScore = random.NextDouble(),
            ToolCoverageRate = random.NextDouble(),
            InputTokens = 500 + random.Next(2000),
            OutputTokens = 100 + random.Next(800),
            Attempt = 1,
            Host = "bench-host",
            ProcessId = 4242,
            Shard = "0/1",
        };
        record.CaseKey = CaseKey.ForRecord(record);
        yield return (record.Build(), withTranscripts ? Transcript(model, record.TaskType!, record.ToolCalls!.Value, i) : null);
    }
}

List<TranscriptMessage> Transcript(string model, string task, int calls, int index)
{
    List<TranscriptMessage> messages =
    [
        new() { Role = TranscriptRoles.System, Model = model, Content = "You are a workflow agent. Complete the task with the tools offered, one step at a time, then answer with a short summary." },
        new() { Role = TranscriptRoles.User, Model = model, Content = $"Task {index}: run the {task.Replace('_', ' ')} over /data/orders-{index % 97}.csv and report the totals by region." },
    ];
    for (var c = 0; c < calls; c++)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"call_{index:x}_{c}");
        var tool = tools[talk.Next(tools.Length)];
        messages.Add(new() { Role = TranscriptRoles.Assistant, Model = model, ToolCalls = [new TranscriptToolCall(id, tool, $$"""{"path":"/data/orders-{{index % 97}}.csv","step":{{c}}}""")] });
        messages.Add(new() { Role = TranscriptRoles.Tool, Model = model, ToolCallId = id, Content = talk.Next(10) == 0 ? "error: temporarily unavailable, retry" : $$"""{"ok":true,"rows":{{talk.Next(5000)}}}""" });
    }

    messages.Add(new() { Role = TranscriptRoles.Assistant, Model = model, Content = $"Done: {calls} steps run; north {talk.Next(900)}, south {talk.Next(900)}, east {talk.Next(900)}, west {talk.Next(900)} orders." });
    return messages;
}
