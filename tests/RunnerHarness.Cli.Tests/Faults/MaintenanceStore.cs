using System.Globalization;
using System.Text.Json.Nodes;
using RunnerHarness.Tests;

namespace RunnerHarness.Cli.Tests.Faults;

/// <summary>
/// A store of several sealed files in both formats, made by importing generated study results through the tool (in
/// process: only the faulted commands need processes of their own), and its records as exported before any fault: the baseline that every faulted copy must match.
/// </summary>
public sealed class MaintenanceStore : IAsyncLifetime, IDisposable
{
    private static readonly string[] Models = ["gpt-4o-mini", "DeepSeek-V3-0324", "qwen2.5-7b-instruct", "Llama-3.3-70B-Instruct"];
    private static readonly string[] PromptTypes = ["baseline", "cot", "optimal", "flawed_sequence_disorder"];
    private static readonly string[] Difficulties = ["very_easy", "easy", "medium", "hard", "very_hard"];
    private static readonly string[] TaskTypes = ["simple_task", "basic_task", "data_pipeline", "api_integration", "multi_stage_pipeline"];
    private static readonly string[] Categories = ["timeout", "tool_call_format", "max_turns", "tool_selection", "parameter_config", "sequence_order", "dependency", "other"];

    private readonly TemporaryDirectory _directory = new();

    /// <summary>The store; tests work on copies of it.</summary>
    public string Path => System.IO.Path.Combine(_directory.Path, "store");

    /// <summary>A JSON Lines file of further results that the import tests bring in.</summary>
    public string LateImport => System.IO.Path.Combine(_directory.Path, "late.jsonl");

    /// <summary>The store's records by id, as exported before any fault.</summary>
    public IReadOnlyDictionary<string, JsonNode> Baseline { get; private set; } = new Dictionary<string, JsonNode>();

    /// <summary>The records of <see cref="LateImport"/> by id, as the store exports them once imported.</summary>
    public IReadOnlyDictionary<string, JsonNode> LateRecords { get; private set; } = new Dictionary<string, JsonNode>();

    public async Task InitializeAsync()
    {
        var start = new DateTime(2026, 11, 27, 21, 4, 12, DateTimeKind.Utc);
        string[] batches = ["json", "json", "parquet", "parquet"];
        for (var batch = 0; batch < batches.Length; batch++)
        {
            var file = System.IO.Path.Combine(_directory.Path, $"batch-{batch}.jsonl");
            await File.WriteAllLinesAsync(file, Results($"study-{batch}", batch * 600, 600, start.AddHours(batch)));
            Run(["import", file, "--kind", "jsonl", "--format", batches[batch], "--run", $"study-{batch}", "--store", Path]);
        }

        await File.WriteAllLinesAsync(LateImport, Results("late-import", 10_000, 500, start.AddHours(6)));
        Baseline = ById(await ExportAsync(Path, _directory.Path));

        var probe = System.IO.Path.Combine(_directory.Path, "probe");
        Copy(Path, probe);
        Run(["import", LateImport, "--kind", "jsonl", "--format", "parquet", "--run", "late-import", "--store", probe]);
        LateRecords = ById((await ExportAsync(probe, _directory.Path)).Where(r => !Baseline.ContainsKey(r.Id)));
    }

    /// <summary>Exports every record of <paramref name="store"/> as JSON Lines (the tool's <c>export</c>, in process) and parses them.</summary>
    public static async Task<List<(string Id, JsonNode Record)>> ExportAsync(string store, string scratch)
    {
        var file = System.IO.Path.Combine(scratch, $"export-{Guid.NewGuid():N}.jsonl");
        Run(["export", "--format", "jsonl", "--output", file, "--store", store]);
        var records = (await File.ReadAllLinesAsync(file))
            .Where(line => line.Length > 0)
            .Select(line => JsonNode.Parse(line)!)
            .Select(node => ((string)node["record_id"]!, node))
            .ToList();
        File.Delete(file);
        return records;
    }

    /// <summary>Copies a store folder, files and all.</summary>
    public static void Copy(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _directory.Dispose();

    private static Dictionary<string, JsonNode> ById(IEnumerable<(string Id, JsonNode Record)> records) =>
        records.ToDictionary(r => r.Id, r => r.Record, StringComparer.Ordinal);

    private static IEnumerable<string> Results(string runId, int first, int count, DateTime start)
    {
        var random = new Random(first + 17);
        for (var i = first; i < first + count; i++)
        {
            var model = Models[i % Models.Length];
            var difficulty = Difficulties[i / 4 % Difficulties.Length];
            var level = random.Next(3);
            var started = start.AddMilliseconds(i * 1_873.25);
            var duration = 900 + random.NextDouble() * 20_000;
            var record = new JsonObject
            {
                ["record_id"] = $"{runId}-{i:D6}-{random.Next():x8}",
                ["run_id"] = runId,
                ["case_key"] = $"WorkflowBench.WorkflowBatchTests.Workflow|{model}|{PromptTypes[i % 3]}|{difficulty}|{TaskTypes[i % 5]}|0.8#{i % 3}",
                ["assembly"] = "WorkflowBench",
                ["test_class"] = "WorkflowBench.WorkflowBatchTests",
                ["test_method"] = "Workflow",
                ["display_name"] = $"Workflow(modelCase: {model} | {PromptTypes[i % 3]} | {difficulty} | {TaskTypes[i % 5]} | 0.8 #{i % 3})",
                ["outcome"] = i % 97 == 0 ? "failed" : "passed",
                ["started_at"] = Timestamp(started),
                ["finished_at"] = Timestamp(started.AddMilliseconds(duration)),
                ["duration_ms"] = Math.Round(duration, 3),
                ["model"] = model,
                ["provider"] = model.StartsWith("gpt", StringComparison.Ordinal) ? "openai" : "deepinfra",
                ["prompt_type"] = PromptTypes[i % PromptTypes.Length],
                ["difficulty"] = difficulty,
                ["task_type"] = TaskTypes[i % TaskTypes.Length],
                ["tool_success_rate"] = 0.8,
                ["sample_index"] = i % 3,
                ["success_level"] = level switch { 0 => "full_success", 1 => "partial_success", _ => "failure" },
                ["error_category"] = level == 2 ? Categories[random.Next(Categories.Length)] : null,
                ["error_message"] = level == 2 ? "Max turns reached (10) before the workflow completed" : null,
                ["turns"] = random.Next(1, 11),
                ["tool_calls"] = random.Next(0, 14),
                ["workflow_score"] = Math.Round(random.NextDouble(), 4),
                ["phase2_score"] = Math.Round(random.NextDouble(), 4),
                ["input_tokens"] = random.Next(800, 12_000),
                ["output_tokens"] = random.Next(50, 2_000),
                ["host"] = "ci-runner-7",
                ["process_id"] = 4100 + first / 600,
            };
            yield return record.ToJsonString();
        }
    }

    // Microsecond precision, as the store keeps timestamps (design contract 5).
    private static string Timestamp(DateTime value) =>
        new DateTime(value.Ticks - value.Ticks % 10, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);

    private static void Run(string[] args)
    {
        var (exitCode, text) = InProcessTool.Run(args);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"runner-harness {string.Join(' ', args)} exited {exitCode}: {text}");
        }
    }
}
