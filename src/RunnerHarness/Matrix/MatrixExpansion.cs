namespace RunnerHarness.Matrix;

/// <summary>The rows of a <see cref="MatrixDefinition"/> after filters and exclusions, and what a run should tell the user about them.</summary>
internal sealed class MatrixExpansion
{
    internal MatrixExpansion(IReadOnlyList<MatrixSample> rows, int cellCount, int samplesPerCell, IReadOnlyList<string> notes)
    {
        Rows = rows;
        CellCount = cellCount;
        SamplesPerCell = samplesPerCell;
        Notes = notes;
    }

    /// <summary>
    /// Every row: sample 0 of every cell in cell order, then sample 1 of every cell, and so on, so that an
    /// interrupted run leaves the cells evenly filled. Never empty. The order is the same in every process.
    /// </summary>
    public IReadOnlyList<MatrixSample> Rows { get; }

    /// <summary>How many cells are left after filters and exclusions.</summary>
    public int CellCount { get; }

    /// <summary>The samples per cell the rows were generated for (sample indices 0 to this minus 1).</summary>
    public int SamplesPerCell { get; }

    /// <summary>
    /// Things the user should hear about that are not errors: filter values that match no value of the matrix
    /// (likely typos) and filters on axes this matrix does not have. Empty when there is nothing to say.
    /// </summary>
    public IReadOnlyList<string> Notes { get; }
}
