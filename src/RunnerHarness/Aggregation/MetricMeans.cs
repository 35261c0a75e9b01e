namespace RunnerHarness.Aggregation;

/// <summary>
/// Means over the model results of a group that have the value; <see langword="null"/> when none has it.
/// Skipped tests and infrastructure failures are not included.
/// </summary>
internal sealed record MetricMeans
{
    /// <summary>Mean <c>duration_ms</c>.</summary>
    public double? DurationMs { get; init; }

    /// <summary>Mean <c>turns</c>.</summary>
    public double? Turns { get; init; }

    /// <summary>Mean <c>tool_calls</c>.</summary>
    public double? ToolCalls { get; init; }

    /// <summary>Mean <c>workflow_score</c>.</summary>
    public double? WorkflowScore { get; init; }

    /// <summary>Mean <c>phase2_score</c>.</summary>
    public double? Phase2Score { get; init; }

    /// <summary>Mean <c>quality_score</c>.</summary>
    public double? QualityScore { get; init; }

    /// <summary>Mean <c>final_score</c>.</summary>
    public double? FinalScore { get; init; }

    /// <summary>Mean <c>tool_coverage_rate</c>.</summary>
    public double? ToolCoverageRate { get; init; }
}
