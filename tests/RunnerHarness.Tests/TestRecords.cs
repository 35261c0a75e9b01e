using System.Globalization;
using RunnerHarness.Schema;

namespace RunnerHarness.Tests;

/// <summary>
/// Deterministic test records: the same arguments always give the same records, ids included.
/// <see cref="Varied"/> covers every column with nulls, empty and filled maps, unicode and repeated
/// dimension values, with the spread of a real matrix run (a few models, prompt types, difficulties).
/// Timestamps are whole microseconds, the precision both store formats keep.
/// </summary>
public static class TestRecords
{
    private static readonly DateTime Epoch = new(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);
    private static readonly string[] Models = ["gpt-4o-mini", "claude-haiku-4", "llama-3.1-8b", "qwen2.5-7b", "mistral-small", "gemini-2.0-flash"];
    private static readonly string[] Providers = ["openai", "anthropic", "ollama"];
    private static readonly string[] PromptTypes = ["optimal", "baseline", "cot", "flawed_tool_misuse", "flawed_missing_step"];
    private static readonly string[] Difficulties = ["easy", "medium", "hard"];
    private static readonly string[] TaskTypes = ["simple_task", "basic_task", "data_pipeline", "api_integration", "multi_stage_pipeline"];
    private static readonly double[] Rates = [0.6, 0.8, 1.0];
    private static readonly string[] Classes = ["WorkflowBench.Tests.ToolUseTests", "WorkflowBench.Tests.PipelineTests", "WorkflowBench.Tests.FlawTests"];
    private static readonly string[] Methods = ["Completes_task", "Recovers_from_tool_failure", "Follows_sequence"];
    private static readonly string[] Messages =
    [
        "Expected tool 'fetch_data' before 'transform', got 'transform' first.",
        "The model made no tool call in 3 turns.",
        "Timed out after 120 s waiting for the model.",
        "Erwartet: 3 Werkzeugaufrufe; erhalten: 5 — «Überlauf» ✗",
    ];

    /// <summary><paramref name="count"/> varied records; record <c>i</c> is the same for every call.</summary>
    public static List<ResultRecord> Varied(int count, int seed = 7)
    {
        var random = new Random(seed);
        var records = new List<ResultRecord>(count);
        for (var i = 0; i < count; i++)
        {
            records.Add(Varied(i, random));
        }

        return records;
    }

    /// <summary>A record with every column set, strings in several scripts, maps with several entries.</summary>
    public static ResultRecord EveryColumnSet() => new()
    {
        FormatVersion = ResultRecord.CurrentFormatVersion,
        RecordId = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
        RunId = "run-20261127-0001",
        CaseKey = "gpt-4o-mini|optimal|hard|data_pipeline|0.8|3",
        Assembly = "WorkflowBench.Tests",
        TestClass = "WorkflowBench.Tests.ToolUseTests",
        TestMethod = "Completes_task",
        DisplayName = "Completes_task(model: \"gpt-4o-mini\", note: \"日本語 ✓ émoji 🚀\")",
        Outcome = TestOutcome.Failed,
        StartedAt = new DateTime(2026, 11, 27, 2, 6, 7, DateTimeKind.Utc).AddTicks(1_234_560),
        FinishedAt = new DateTime(2026, 11, 27, 2, 6, 9, DateTimeKind.Utc).AddTicks(7_654_320),
        DurationMs = 2053.0123456789,
        Model = "gpt-4o-mini",
        Provider = "openai",
        PromptType = "flawed_tool_misuse",
        Difficulty = "hard",
        TaskType = "data_pipeline",
        ToolSuccessRate = 0.8,
        FlawType = "tool_misuse",
        Item = "unit-miles-to-km",
        ItemHash = "9f8e7d6c5b4a",
        SampleIndex = 3,
        SuccessLevel = SuccessLevel.PartialSuccess,
        ErrorCategory = ErrorCategory.SequenceOrder,
        ErrorMessage = "Ожидалось 3 вызова; получено 5 — «ошибка» ✗",
        Turns = 7,
        ToolCalls = 12,
        WorkflowScore = 0.625,
        Phase2Score = 0.5,
        QualityScore = 0.9,
        FinalScore = 0.6875,
        ToolCoverageRate = 2.0 / 3.0,
        InputTokens = 123_456_789_012,
        OutputTokens = 4_567,
        Attempt = 2,
        Host = "runner-ü-01",
        ProcessId = 4242,
        Shard = "2/4",
        Dimensions = new() { ["temperature"] = "0.7", ["seed"] = "42", ["語"] = "値", ["empty"] = "" },
        Metrics = new() { ["latency_p50"] = 812.5, ["cost_usd"] = 0.00042, ["negative"] = -1.5, ["max"] = double.MaxValue },
        ExceptionType = "Xunit.Sdk.EqualException",
        Output = "line 1\nline 2 with tab\tand unicode ✓\r\n",
        Traits = new() { ["Category"] = "Workflow,Smoke", ["Owner"] = "bench" },
        Reconstructed = false,
        ModelId = "gpt-4o-mini",
        ResponseModel = "gpt-4o-mini-2024-07-18",
        CostUsd = 0.000_842_5,
    };

    /// <summary>
    /// <paramref name="record"/> as a writer of record format 1 stored it: <c>format_version</c> 1 and every column
    /// declared after format 1 null (such files read those columns as null).
    /// </summary>
    public static ResultRecord AsWrittenByFormat1(ResultRecord record)
    {
        var builder = new ResultRecordBuilder(record) { FormatVersion = 1 };
        foreach (var column in RecordSchema.Columns.Where(c => c.Since > 1))
        {
            typeof(ResultRecordBuilder).GetProperty(column.Property)!.SetValue(builder, null);
        }

        return builder.Build();
    }

    /// <summary>
    /// A varied record carrying a long model transcript: its output, error message and a dimension's value are a few
    /// thousand characters in several scripts, longer than a Parquet column chunk keeps statistics for.
    /// </summary>
    public static ResultRecord WithLongText(int i = 0)
    {
        var record = Varied(i + 1, seed: 41)[i];
        var transcript = string.Concat(Enumerable.Range(1, 40).Select(step => string.Create(
            CultureInfo.InvariantCulture, $"step {step}: assistant called fetch_data(source='warehouse', rows=500) → tool: 500 rows ✓ «Überlauf» 日本語 🚀\n")));
        return new ResultRecordBuilder(record)
        {
            Outcome = TestOutcome.Failed,
            Output = transcript,
            ErrorMessage = $"Expected tool 'transform' after 'fetch_data'; transcript:\n{transcript}",
            Dimensions = new() { ["temperature"] = "0.7", ["system_prompt"] = transcript },
        }.Build();
    }

    /// <summary>A record with only the required columns; every nullable column is null.</summary>
    public static ResultRecord EveryNullableColumnNull() => new()
    {
        RecordId = "0193a1b2-c3d4-7e5f-8a9b-000000000001",
        Outcome = TestOutcome.Skipped,
    };

    private static ResultRecord Varied(int i, Random random)
    {
        var model = Models[i % Models.Length];
        var promptType = PromptTypes[(i / 6) % PromptTypes.Length];
        var difficulty = Difficulties[(i / 30) % Difficulties.Length];
        var taskType = TaskTypes[(i / 90) % TaskTypes.Length];
        var rate = Rates[(i / 450) % Rates.Length];
        var sample = i % 10;
        var roll = random.NextDouble();
        var outcome = roll < 0.7 ? TestOutcome.Passed : roll < 0.97 ? TestOutcome.Failed : TestOutcome.Skipped;
        var failed = outcome == TestOutcome.Failed;
        var durationMs = Math.Round(200 + (random.NextDouble() * 20_000), 3);
        var started = Epoch.AddTicks((i * 12_345_670L) + (random.Next(1_000) * 10));
        var testClass = Classes[i % Classes.Length];
        var testMethod = Methods[(i / 3) % Methods.Length];
        var flawed = promptType.StartsWith("flawed_", StringComparison.Ordinal);
        return new ResultRecord
        {
            RecordId = TimeOrderedId(started, random),
            RunId = string.Create(CultureInfo.InvariantCulture, $"run-20261127-{i / 10_000:D4}"),
            CaseKey = string.Create(CultureInfo.InvariantCulture, $"{model}|{promptType}|{difficulty}|{taskType}|{rate}|{sample}"),
            Assembly = "WorkflowBench.Tests",
            TestClass = testClass,
            TestMethod = testMethod,
            DisplayName = string.Create(CultureInfo.InvariantCulture, $"{testClass}.{testMethod}(model: \"{model}\", promptType: \"{promptType}\", sample: {sample})"),
            Outcome = outcome,
            StartedAt = started,
            FinishedAt = i % 50 == 0 ? null : started.AddTicks((long)Math.Round(durationMs * 1_000) * 10),
            DurationMs = durationMs,
            Model = model,
            Provider = Providers[i % Providers.Length],
            PromptType = promptType,
            Difficulty = difficulty,
            TaskType = taskType,
            ToolSuccessRate = rate,
            FlawType = flawed ? promptType["flawed_".Length..] : null,
            SampleIndex = sample,
            SuccessLevel = outcome == TestOutcome.Skipped ? null : failed ? SuccessLevel.Failure : roll < 0.35 ? SuccessLevel.PartialSuccess : SuccessLevel.FullSuccess,
            ErrorCategory = failed ? ErrorCategory.All[i % ErrorCategory.All.Count] : null,
            ErrorMessage = failed ? Messages[i % Messages.Length] : null,
            Turns = 1 + random.Next(10),
            ToolCalls = random.Next(20),
            WorkflowScore = Math.Round(random.NextDouble(), 4),
            Phase2Score = i % 7 == 0 ? null : Math.Round(random.NextDouble(), 4),
            QualityScore = Math.Round(random.NextDouble(), 4),
            FinalScore = Math.Round(random.NextDouble(), 4),
            ToolCoverageRate = random.Next(4) / 3.0,
            InputTokens = 500 + random.Next(50_000),
            OutputTokens = 50 + random.Next(5_000),
            Attempt = i % 40 == 0 ? 2 : 1,
            Host = i % 2 == 0 ? "runner-01" : "runner-02",
            ProcessId = 4000 + (i / 25_000),
            Shard = i % 5 == 0 ? null : "1/2",
            Dimensions = (i % 4) switch
            {
                0 => null,
                1 => [],
                2 => new() { ["temperature"] = "0.7" },
                _ => new() { ["temperature"] = "0.2", ["seed"] = string.Create(CultureInfo.InvariantCulture, $"{i % 3}"), ["ñ"] = "ü" },
            },
            Metrics = (i % 3) switch
            {
                0 => null,
                1 => [],
                _ => new() { ["latency_ms"] = Math.Round(durationMs / 2, 1), ["cost_usd"] = Math.Round(random.NextDouble() / 100, 5) },
            },
            ExceptionType = failed ? "Xunit.Sdk.TrueException" : null,
            Output = i % 10 == 0 ? string.Create(CultureInfo.InvariantCulture, $"attempt log {i}: ✓ tool ok\nturns used: {i % 9}") : null,
            Traits = i % 6 == 0 ? null : new() { ["Category"] = "Workflow", ["Model"] = model },
            Reconstructed = i % 100 == 0 ? true : null,
        };
    }

    // A UUIDv7 (timestamp first, then random bits) from the deterministic random, as ResultRecord.NewRecordId makes.
    private static string TimeOrderedId(DateTime at, Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        var milliseconds = (ulong)(at - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMillisecond;
        for (var b = 0; b < 6; b++)
        {
            bytes[b] = (byte)(milliseconds >> (40 - (8 * b)));
        }

        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true).ToString("D");
    }
}
