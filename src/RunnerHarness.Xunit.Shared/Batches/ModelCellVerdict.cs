using RunnerHarness.Matrix;
using RunnerHarness.Planning;
using RunnerHarness.Settings;

namespace RunnerHarness.Xunit.Batches;

/// <summary>
/// What one listed cell of a model batch does in a run, read from the plan its selected cells share: run its rows, report
/// one skipped result saying why it has nothing to run (it holds its samples, none fall to this shard, the filter settings
/// leave it out), or fail because the matrix no longer has it. The same sentences under both xUnit generations.
/// </summary>
/// <param name="Rows">The number of the cell's rows this process runs; 0 when it skips or fails.</param>
/// <param name="SkipReason">Why the cell has nothing to run, or <see langword="null"/>.</param>
/// <param name="Error">Why the cell cannot run, or <see langword="null"/>.</param>
internal sealed record ModelCellVerdict(int Rows, string? SkipReason, Exception? Error)
{
    /// <summary>The verdict of <paramref name="cell"/> in <paramref name="plan"/>, made with the run's <paramref name="settings"/>.</summary>
    public static ModelCellVerdict Of(BatchRowPlan plan, MatrixSample cell, HarnessSettings settings)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(settings);
        switch (plan.StateOf(cell))
        {
            case SelectedCellState.Runs:
                return new ModelCellVerdict(plan.RowsOf(cell).Count, null, null);
            case SelectedCellState.Held:
                var holding = plan.HoldingOf(cell)!;
                var share = plan.Shard is { } shard ? $" of shard {shard}" : "";
                return Skip(
                    $"RunnerHarness: this cell holds its {holding.Held} samples{share} (target {plan.TopUp.TargetSamples} per cell); nothing to run. " +
                    $"A debug run ({HarnessSettingDefinitions.DebugRun.EnvironmentVariable}=true) runs them again without recording them.");
            case SelectedCellState.OtherShard:
                return Skip($"RunnerHarness: none of this cell's samples fall to shard {plan.Shard}.");
            case SelectedCellState.FilteredOut:
                return Skip($"RunnerHarness: the run's filter settings leave this cell out ({DescribeFilter(settings)}).");
            default:
                return new ModelCellVerdict(0, null, new InvalidOperationException(
                    $"RunnerHarness: the matrix of {plan.Batch} has no cell '{cell.CellLabel}': the tests were discovered from an older build or matrix file. Rebuild and discover the tests again."));
        }
    }

    private static ModelCellVerdict Skip(string reason) => new(0, reason, null);

    private static string DescribeFilter(HarnessSettings settings)
    {
        (SettingDefinition Setting, IReadOnlyList<string> Values)[] filters =
        [
            (HarnessSettingDefinitions.Models, settings.Filter.Models),
            (HarnessSettingDefinitions.PromptTypes, settings.Filter.PromptTypes),
            (HarnessSettingDefinitions.Difficulties, settings.Filter.Difficulties),
            (HarnessSettingDefinitions.TaskTypes, settings.Filter.TaskTypes),
        ];
        return string.Join("; ", filters.Where(f => f.Values.Count > 0).Select(f => $"{settings.OriginOf(f.Setting)} = {string.Join(",", f.Values)}"));
    }
}
