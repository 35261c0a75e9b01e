using RunnerHarness.Schema;

namespace RunnerHarness.Tests.Aggregation;

/// <summary>Short-hand records for aggregation tests.</summary>
internal static class RecordFactory
{
    public static ResultRecord Make(
        TestOutcome outcome,
        SuccessLevel? level = null,
        string? category = null,
        string model = "m",
        string prompt = "baseline",
        double rate = 0.8,
        string difficulty = "easy",
        string task = "simple_task",
        double? durationMs = null,
        int? turns = null,
        double? finalScore = null,
        int? sampleIndex = null,
        string? caseKey = null,
        string runId = "run-1",
        DateTime? finishedAt = null) => new()
        {
            RunId = runId,
            Outcome = outcome,
            SuccessLevel = level,
            ErrorCategory = category,
            Model = model,
            PromptType = prompt,
            ToolSuccessRate = rate,
            Difficulty = difficulty,
            TaskType = task,
            DurationMs = durationMs,
            Turns = turns,
            FinalScore = finalScore,
            SampleIndex = sampleIndex,
            CaseKey = caseKey,
            FinishedAt = finishedAt,
        };
}
