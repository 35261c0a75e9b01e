namespace RunnerHarness.Aggregation;

/// <summary>
/// What a group's records cost: the sum of their <c>cost_usd</c> and how many records had one. Records of every class
/// count (an infrastructure failure's calls were paid for too); records without a cost (no prices, or written before
/// format 2) are left out of both figures, so <see cref="PerSampleUsd"/> is the mean over the records that have a cost.
/// </summary>
/// <param name="CostedRecords">Records with a <c>cost_usd</c>.</param>
/// <param name="TotalUsd">The sum of their <c>cost_usd</c>, in US dollars.</param>
internal sealed record CostStatistics(long CostedRecords, double TotalUsd)
{
    /// <summary>No record with a cost.</summary>
    public static CostStatistics None { get; } = new(0, 0);

    /// <summary>Whether any record had a cost; reports show cost figures only then.</summary>
    public bool HasCost => CostedRecords > 0;

    /// <summary>The total in US dollars, or <see langword="null"/> when no record had a cost.</summary>
    public double? Total => HasCost ? TotalUsd : null;

    /// <summary>The mean cost per record with a cost, in US dollars, or <see langword="null"/> when none had one.</summary>
    public double? PerSampleUsd => HasCost ? TotalUsd / CostedRecords : null;
}
