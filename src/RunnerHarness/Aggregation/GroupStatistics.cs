namespace RunnerHarness.Aggregation;

/// <summary>
/// The statistics of one group of records (or of all of them). <see cref="Total"/> counts model results
/// only: full successes, partial successes and failures. Skipped tests and infrastructure failures are
/// counted in their own fields and enter no rate, mean or error figure.
/// </summary>
internal sealed record GroupStatistics
{
    /// <summary>Every record of the group, whatever its class.</summary>
    public required long Records { get; init; }

    /// <summary>Model results: full + partial successes + failures.</summary>
    public required long Total { get; init; }

    /// <summary>Full and partial successes (the one definition of success).</summary>
    public required long Success { get; init; }

    /// <summary>Full successes.</summary>
    public required long FullSuccess { get; init; }

    /// <summary>Partial successes.</summary>
    public required long PartialSuccess { get; init; }

    /// <summary>Failures of the model.</summary>
    public required long Failed { get; init; }

    /// <summary>Skipped tests, not in <see cref="Total"/>.</summary>
    public required long Skipped { get; init; }

    /// <summary>
    /// Records of plain theories answered wholly from the response cache (metric <c>model_replayed</c>), not in
    /// <see cref="Total"/> nor in any other figure: they repeat an earlier answer rather than sample the model again.
    /// </summary>
    public long Replayed { get; init; }

    /// <summary>Infrastructure failures, not in <see cref="Total"/>.</summary>
    public required long InfrastructureFailures { get; init; }

    /// <summary>Infrastructure failures by category (only categories that occurred).</summary>
    public required IReadOnlyDictionary<string, long> InfrastructureByCategory { get; init; }

    /// <summary>Success / total, with its Wilson interval.</summary>
    public required Proportion SuccessRate { get; init; }

    /// <summary>Full successes / total, with its Wilson interval.</summary>
    public required Proportion FullSuccessRate { get; init; }

    /// <summary>Partial successes / total, with its Wilson interval.</summary>
    public required Proportion PartialSuccessRate { get; init; }

    /// <summary>Failures / total, with its Wilson interval.</summary>
    public required Proportion FailureRate { get; init; }

    /// <summary>(full + 0.5 x partial) / total; <see langword="null"/> when the total is 0.</summary>
    public required double? WeightedSuccessScore { get; init; }

    /// <summary>Means of durations, turns, tool calls, scores and tool coverage.</summary>
    public required MetricMeans Means { get; init; }

    /// <summary>Model results that count as an error: every failure, and any model result naming a model error category.</summary>
    public required long TotalErrors { get; init; }

    /// <summary>The eight model error categories, in <see cref="Schema.ErrorCategory.ModelCategories"/> order, zeros included.</summary>
    public required IReadOnlyList<ErrorCategoryStatistics> Errors { get; init; }

    /// <summary>What the group's records cost, from their <c>cost_usd</c>.</summary>
    public CostStatistics Cost { get; init; } = CostStatistics.None;

    /// <summary>Tests that needed help with the tool-call format.</summary>
    public required AssistanceStatistics Assistance { get; init; }

    /// <summary>The earliest <c>finished_at</c> of the group's records, when read.</summary>
    public DateTime? FirstFinishedAt { get; init; }

    /// <summary>The latest <c>finished_at</c> of the group's records, when read.</summary>
    public DateTime? LastFinishedAt { get; init; }
}
