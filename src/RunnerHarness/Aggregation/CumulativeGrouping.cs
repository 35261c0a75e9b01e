using RunnerHarness.Schema;

namespace RunnerHarness.Aggregation;

/// <summary>The grouping orders the product knows by heart.</summary>
internal static class CumulativeGrouping
{
    /// <summary>The seed's hierarchy: model, prompt type, tool success rate, difficulty, task type.</summary>
    public static IReadOnlyList<string> Default { get; } =
        [RecordColumns.Model, RecordColumns.PromptType, RecordColumns.ToolSuccessRate, RecordColumns.Difficulty, RecordColumns.TaskType];

    /// <summary>The read columns a grouping by <paramref name="dimensions"/> needs: dimension columns, or <c>dimensions</c> for custom ones.</summary>
    public static IEnumerable<string> ColumnsFor(IEnumerable<string> dimensions) =>
        dimensions.Select(d => RecordDimensions.IsColumn(d) ? d : RecordColumns.Dimensions).Distinct(StringComparer.Ordinal);
}
