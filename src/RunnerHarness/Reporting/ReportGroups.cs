using RunnerHarness.Aggregation;

namespace RunnerHarness.Reporting;

/// <summary>
/// Where one combination of a record's grouping values counts in a report: its group in each of the three views and
/// its item's tally in the run trends, found once for the first record with those values and reused for every later
/// one, so a record costs one lookup instead of one per view.
/// </summary>
internal sealed class ReportGroups(StatisticsAccumulator view, StatisticsAccumulator heatmap, StatisticsAccumulator summary)
{
    /// <summary>The group in the main view.</summary>
    public StatisticsAccumulator View { get; } = view;

    /// <summary>The group in the model by prompt type view.</summary>
    public StatisticsAccumulator Heatmap { get; } = heatmap;

    /// <summary>The group in the model by difficulty view.</summary>
    public StatisticsAccumulator Summary { get; } = summary;

    /// <summary>The item's tally in the trends, once a record of these values counted in one (a model result).</summary>
    public ItemTally? Trend { get; set; }
}
