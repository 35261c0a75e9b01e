using RunnerHarness.Schema;

namespace RunnerHarness.Aggregation;

/// <summary>A <see cref="ResultRecord"/> as an <see cref="IRecordRow"/>.</summary>
internal readonly struct ResultRecordRow(ResultRecord record) : IRecordRow
{
    public TestOutcome Outcome => record.Outcome;

    public SuccessLevel? SuccessLevel => record.SuccessLevel;

    public string? ErrorCategory => record.ErrorCategory;

    public string? RunId => record.RunId;

    public DateTime? FinishedAt => record.FinishedAt;

    public double? DurationMs => record.DurationMs;

    public int? Turns => record.Turns;

    public int? ToolCalls => record.ToolCalls;

    public double? WorkflowScore => record.WorkflowScore;

    public double? Phase2Score => record.Phase2Score;

    public double? QualityScore => record.QualityScore;

    public double? FinalScore => record.FinalScore;

    public double? ToolCoverageRate => record.ToolCoverageRate;

    public double? CostUsd => record.CostUsd;

    public Dictionary<string, double>? Metrics => record.Metrics;
}
