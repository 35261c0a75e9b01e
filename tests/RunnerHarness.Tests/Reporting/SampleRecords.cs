using RunnerHarness.Matrix;
using RunnerHarness.Schema;

namespace RunnerHarness.Tests.Reporting;

/// <summary>
/// A fixed, deterministic set of 80 records (2 runs x 2 models x 2 prompt types x 2 difficulties x 5 samples)
/// with successes, partial successes, failures of several categories, a skipped test and infrastructure
/// failures; model beta gets much worse in run-2, so comparisons have a regression to find.
/// Shared by the core and CLI tests (linked into the CLI tests).
/// </summary>
public static class SampleRecords
{
    public static readonly DateTime Start = new(2025, 8, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The test class of the batch the records are of.</summary>
    public const string BatchClass = "WorkflowBench.Batches.SimulatedBatch";

    /// <summary>The test method of the batch the records are of.</summary>
    public const string BatchMethod = "Run";

    public static IEnumerable<ResultRecord> All(string alphaName = "alpha")
    {
        string[] runs = ["run-1", "run-2"];
        string[] models = [alphaName, "beta"];
        string[] prompts = ["baseline", "cot"];
        string[] difficulties = ["easy", "hard"];
        var n = 0;
        for (var r = 0; r < runs.Length; r++)
        {
            for (var m = 0; m < models.Length; m++)
            {
                for (var p = 0; p < prompts.Length; p++)
                {
                    for (var d = 0; d < difficulties.Length; d++)
                    {
                        for (var s = 0; s < 5; s++)
                        {
                            var h = ((m * 7) + (p * 3) + (d * 5) + (s * 11) + (r * 13)) % 10;
                            var threshold = m == 1 && r == 1 ? 2 : 7;
                            var passed = h < threshold;
                            var skipped = m == 0 && p == 1 && d == 1 && s == 4;
                            var infrastructure = m == 1 && p == 0 && d == 0 && s == 3;
                            var finished = Start.AddDays(r * 7).AddMinutes(n);
                            yield return new ResultRecord
                            {
                                RecordId = $"00000000-0000-7000-8000-{n++:D12}",
                                RunId = runs[r],
                                CaseKey = CaseKey.Of(null, BatchClass, BatchMethod, [new("model", models[m]), new("provider", "simulated"), new("prompt_type", prompts[p]), new("difficulty", difficulties[d]), new("task_type", "simple_task"), new("tool_success_rate", "0.8")], s),
                                Outcome = skipped ? TestOutcome.Skipped : passed && !infrastructure ? TestOutcome.Passed : TestOutcome.Failed,
                                SuccessLevel = skipped || infrastructure ? null : passed ? (h % 3 == 0 ? SuccessLevel.PartialSuccess : SuccessLevel.FullSuccess) : SuccessLevel.Failure,
                                ErrorCategory = infrastructure ? ErrorCategory.RateLimited : passed || skipped ? null : ErrorCategory.ModelCategories[h % 4],
                                StartedAt = finished.AddSeconds(-1),
                                FinishedAt = finished,
                                DurationMs = 1000 + (100 * h),
                                Model = models[m],
                                Provider = "simulated",
                                PromptType = prompts[p],
                                Difficulty = difficulties[d],
                                TaskType = "simple_task",
                                ToolSuccessRate = 0.8,
                                SampleIndex = s,
                                Turns = 1 + h,
                                ToolCalls = h,
                                FinalScore = h / 10.0,
                                ToolCoverageRate = passed ? 1.0 : 0.5,
                            };
                        }
                    }
                }
            }
        }
    }
}
