using RunnerHarness.Schema;

namespace RunnerHarness.Aggregation;

/// <summary>The default grouping of reports, exports and the master database, from the axes' declarations.</summary>
internal static class CumulativeGrouping
{
    /// <summary>
    /// The axes with a <see cref="RecordAxis.DefaultGroupingPosition"/>, in position order: model, prompt type, tool
    /// success rate, difficulty, task type.
    /// </summary>
    public static IReadOnlyList<string> Default { get; } = Of(RecordAxes.All);

    /// <summary>The read columns a grouping by <paramref name="dimensions"/> needs: dimension columns, or <c>dimensions</c> for custom ones.</summary>
    public static IEnumerable<string> ColumnsFor(IEnumerable<string> dimensions) =>
        dimensions.Select(d => RecordDimensions.IsColumn(d) ? d : RecordColumns.Dimensions).Distinct(StringComparer.Ordinal);

    /// <summary>The default grouping <paramref name="axes"/> declare: the columns of those with a grouping position, in position order.</summary>
    internal static IReadOnlyList<string> Of(IEnumerable<RecordAxis> axes) =>
        [.. axes.Where(a => a.DefaultGroupingPosition > 0).OrderBy(a => a.DefaultGroupingPosition).Select(a => a.Column)];
}
