using RunnerHarness.Schema;

namespace WorkflowBench.Scoring;

/// <summary>The scores of one workflow run, its success level and, unless it was a full success, its error category and message.</summary>
internal sealed record WorkflowScore(
    double ToolCoverage,
    double Precision,
    double WorkflowScoreValue,
    double Phase2Score,
    double QualityScore,
    double FinalScore,
    SuccessLevel SuccessLevel,
    string? ErrorCategory,
    string? ErrorMessage);
