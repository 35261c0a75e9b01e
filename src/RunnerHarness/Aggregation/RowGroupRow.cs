using RunnerHarness.Schema;

namespace RunnerHarness.Aggregation;

/// <summary>Row <paramref name="row"/> of the row group <paramref name="columns"/> holds, as an <see cref="IRecordRow"/>.</summary>
internal readonly struct RowGroupRow(RowGroupColumns columns, int row) : IRecordRow
{
    public TestOutcome Outcome => columns.Outcomes[row];

    public SuccessLevel? SuccessLevel => columns.SuccessLevels[row];

    public string? ErrorCategory => columns.ErrorCategories?[row];

    public string? RunId => columns.RunIds?[row];

    public DateTime? FinishedAt => columns.FinishedAt[row];

    public double? DurationMs => columns.DurationMs?[row];

    public int? Turns => columns.Turns?[row];

    public int? ToolCalls => columns.ToolCalls?[row];

    public double? WorkflowScore => columns.WorkflowScores?[row];

    public double? Phase2Score => columns.Phase2Scores?[row];

    public double? QualityScore => columns.QualityScores?[row];

    public double? FinalScore => columns.FinalScores?[row];

    public double? ToolCoverageRate => columns.ToolCoverageRates?[row];

    public double? CostUsd => columns.CostUsd?[row];

    public Dictionary<string, double>? Metrics => columns.Metrics?[row];
}
