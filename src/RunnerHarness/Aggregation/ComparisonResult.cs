namespace RunnerHarness.Aggregation;

/// <summary>A candidate compared with a baseline: overall and per cell.</summary>
/// <param name="Dimensions">The dimensions that define a cell.</param>
/// <param name="SignificanceLevel">The (adjusted) p-value below which a difference is flagged.</param>
/// <param name="Overall">All records of each side.</param>
/// <param name="Cells">Every cell either side has, ordered by key.</param>
internal sealed record ComparisonResult(
    IReadOnlyList<string> Dimensions,
    double SignificanceLevel,
    CellComparison Overall,
    IReadOnlyList<CellComparison> Cells)
{
    /// <summary>How the cells were tested and flagged.</summary>
    public ComparisonOptions Options { get; init; } = new();

    /// <summary>Whether the overall comparison or any cell is a regression.</summary>
    public bool HasRegression => Overall.IsRegression || Cells.Any(c => c.IsRegression);
}
