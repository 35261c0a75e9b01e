namespace RunnerHarness.Aggregation;

/// <summary>One model's results in one run, and how they changed from the model's run before.</summary>
/// <param name="RunId">The run; <see langword="null"/> for records without one.</param>
/// <param name="FirstFinishedAt">The earliest <c>finished_at</c> of the run's records (of any model): the run's place in time.</param>
/// <param name="SuccessRate">The model's successes / model results in the run, with the 95% Wilson interval.</param>
/// <param name="Change">
/// The test of this run against the model's run before it: McNemar's exact test on the items both runs answered
/// (averaged per item when repeated), else the unpaired test of the two rates; <see langword="null"/> for the first run.
/// </param>
/// <param name="AdjustedPValue">The change's p-value adjusted across every change of the trends; <see langword="null"/> when untested.</param>
/// <param name="IsSignificant">The adjusted p-value is below the significance level.</param>
internal sealed record RunPoint(
    string? RunId,
    DateTime? FirstFinishedAt,
    Proportion SuccessRate,
    ProportionTestResult? Change,
    double? AdjustedPValue,
    bool IsSignificant);
