using RunnerHarness.Schema;

namespace RunnerHarness.Aggregation;

/// <summary>
/// The values of one record the sums and classification read (<see cref="StatisticsAccumulator"/>,
/// <see cref="ResultClassifier"/>, <see cref="RunTrendBuilder"/>), whether it is a <see cref="ResultRecord"/>
/// (<see cref="ResultRecordRow"/>) or a row of a decoded Parquet row group (<see cref="RowGroupRow"/>): the aggregation is
/// declared once, generic over a struct row, so the JIT specialises it for each with no virtual call a field.
/// </summary>
internal interface IRecordRow
{
    /// <summary>The record's <see cref="ResultRecord.Outcome"/>.</summary>
    TestOutcome Outcome { get; }

    /// <summary>The record's <see cref="ResultRecord.SuccessLevel"/>.</summary>
    SuccessLevel? SuccessLevel { get; }

    /// <summary>The record's <see cref="ResultRecord.ErrorCategory"/>.</summary>
    string? ErrorCategory { get; }

    /// <summary>The record's <see cref="ResultRecord.RunId"/>.</summary>
    string? RunId { get; }

    /// <summary>The record's <see cref="ResultRecord.FinishedAt"/> (UTC, to the microsecond).</summary>
    DateTime? FinishedAt { get; }

    /// <summary>The record's <see cref="ResultRecord.DurationMs"/>.</summary>
    double? DurationMs { get; }

    /// <summary>The record's <see cref="ResultRecord.Turns"/>.</summary>
    int? Turns { get; }

    /// <summary>The record's <see cref="ResultRecord.ToolCalls"/>.</summary>
    int? ToolCalls { get; }

    /// <summary>The record's <see cref="ResultRecord.WorkflowScore"/>.</summary>
    double? WorkflowScore { get; }

    /// <summary>The record's <see cref="ResultRecord.Phase2Score"/>.</summary>
    double? Phase2Score { get; }

    /// <summary>The record's <see cref="ResultRecord.QualityScore"/>.</summary>
    double? QualityScore { get; }

    /// <summary>The record's <see cref="ResultRecord.FinalScore"/>.</summary>
    double? FinalScore { get; }

    /// <summary>The record's <see cref="ResultRecord.ToolCoverageRate"/>.</summary>
    double? ToolCoverageRate { get; }

    /// <summary>The record's <see cref="ResultRecord.CostUsd"/>.</summary>
    double? CostUsd { get; }

    /// <summary>The record's <see cref="ResultRecord.Metrics"/>.</summary>
    Dictionary<string, double>? Metrics { get; }
}
