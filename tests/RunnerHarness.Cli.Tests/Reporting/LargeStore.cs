using RunnerHarness.Matrix;
using RunnerHarness.Schema;

namespace RunnerHarness.Cli.Tests.Reporting;

/// <summary>
/// A study of realistic size: 4 models x 10 prompt types x 3 difficulties x 5 task types, repeated samples, five weekly
/// runs, with failures of every model error category, tokens and costs. Deterministic.
/// </summary>
internal static class LargeStore
{
    private static readonly string[] Models = ["gpt-4o-mini", "claude-3-5-haiku", "llama-3.1-70b-instruct", "qwen2.5-72b-instruct"];
    private static readonly string[] Providers = ["openai", "anthropic", "together", "together"];
    private static readonly string[] Prompts = ["baseline", "cot", "few_shot", "react", "plan_execute", "self_ask", "reflexion", "tool_first", "json_mode", "terse"];
    private static readonly string[] Difficulties = ["easy", "medium", "hard"];
    private static readonly string[] Tasks = ["simple_task", "data_pipeline", "api_integration", "multi_stage", "basic_task"];

    public static IEnumerable<ResultRecord> Records(int count)
    {
        var start = new DateTime(2026, 9, 1, 8, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < count; i++)
        {
            var m = i % 4;
            var p = i / 4 % 10;
            var d = i / 40 % 3;
            var t = i / 120 % 5;
            var sample = i / 600 % 10;
            var run = i * 5 / count;
            var h = (int)((((uint)i * 2654435761u) >> 8) % 100);
            var passed = h < 85 - (20 * d) - (5 * m);
            var values = new KeyValuePair<string, string>[]
            {
                new("model", Models[m]), new("provider", Providers[m]), new("prompt_type", Prompts[p]), new("difficulty", Difficulties[d]), new("task_type", Tasks[t]),
            };
            yield return new ResultRecord
            {
                RecordId = $"019a{i:D4}-0000-7000-8000-{i:D12}"[..36],
                RunId = $"week-{run + 1}",
                CaseKey = CaseKey.Of("WorkflowBench", "WorkflowBench.WorkflowBatchTests", "Workflow", values, sample),
                Assembly = "WorkflowBench",
                TestClass = "WorkflowBench.WorkflowBatchTests",
                TestMethod = "Workflow",
                Outcome = passed ? TestOutcome.Passed : TestOutcome.Failed,
                SuccessLevel = passed ? (h % 4 == 0 ? SuccessLevel.PartialSuccess : SuccessLevel.FullSuccess) : SuccessLevel.Failure,
                ErrorCategory = passed ? null : ErrorCategory.ModelCategories[h % ErrorCategory.ModelCategories.Count],
                ErrorMessage = passed ? null : "The agent stopped before the workflow's last step.",
                StartedAt = start.AddDays(7 * run).AddSeconds(i % 20_000),
                FinishedAt = start.AddDays(7 * run).AddSeconds((i % 20_000) + 3),
                DurationMs = 800 + (37 * h),
                Model = Models[m],
                Provider = Providers[m],
                PromptType = Prompts[p],
                Difficulty = Difficulties[d],
                TaskType = Tasks[t],
                SampleIndex = sample,
                Turns = 1 + (h % 7),
                ToolCalls = h % 9,
                FinalScore = passed ? 0.6 + (h % 40 / 100.0) : h % 30 / 100.0,
                InputTokens = 900 + (13 * h),
                OutputTokens = 150 + (7 * h),
                CostUsd = (900 + (13 * h)) * 0.00000015,
            };
        }
    }
}
