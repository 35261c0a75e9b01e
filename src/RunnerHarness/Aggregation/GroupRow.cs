namespace RunnerHarness.Aggregation;

/// <summary>One group of a <see cref="CumulativeView"/>: its values of the grouping dimensions and its statistics.</summary>
/// <param name="Key">The group's value of each grouping dimension, in grouping order; <see langword="null"/> where records had none.</param>
/// <param name="Statistics">The group's statistics.</param>
internal sealed record GroupRow(IReadOnlyList<string?> Key, GroupStatistics Statistics)
{
    /// <summary>How a missing dimension value is shown.</summary>
    public const string MissingValue = "(none)";

    /// <summary>The key value at <paramref name="index"/> for display: <see cref="MissingValue"/> when missing.</summary>
    public string Label(int index) => Key[index] ?? MissingValue;
}
