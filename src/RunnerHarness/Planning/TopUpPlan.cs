using System.Globalization;
using RunnerHarness.Matrix;
using RunnerHarness.Store;

namespace RunnerHarness.Planning;

/// <summary>The result of <see cref="TopUpPlanner.Plan"/>: which rows still need running and what the store held.</summary>
public sealed class TopUpPlan
{
    internal TopUpPlan(int targetSamples, int rowCount, IReadOnlyList<PlannedRow> rowsToRun, IReadOnlyList<CellHolding> cells, bool storeExists, IReadOnlyList<StoreProblem> storeProblems)
    {
        TargetSamples = targetSamples;
        RowCount = rowCount;
        PlannedRowsToRun = rowsToRun;
        RowsToRun = [.. rowsToRun.Select(r => r.Sample)];
        Cells = cells;
        StoreExists = storeExists;
        StoreProblems = storeProblems;
    }

    /// <summary>The samples wanted per cell.</summary>
    public int TargetSamples { get; }

    /// <summary>How many rows were planned (before removing held ones).</summary>
    public int RowCount { get; }

    /// <summary>The rows the store lacks, in their planned order.</summary>
    public IReadOnlyList<MatrixSample> RowsToRun { get; }

    /// <summary>The rows the store lacks with the case keys they were counted by, in their planned order.</summary>
    public IReadOnlyList<PlannedRow> PlannedRowsToRun { get; }

    /// <summary>Per cell, in order of first appearance: rows planned and rows held.</summary>
    public IReadOnlyList<CellHolding> Cells { get; }

    /// <summary>How many planned rows the store already holds.</summary>
    public int HeldCount => RowCount - RowsToRun.Count;

    /// <summary>Whether the store directory existed; when it did not, nothing was held.</summary>
    public bool StoreExists { get; }

    /// <summary>Corrupt files or lines the store read skipped; their records were not counted, so their rows run again.</summary>
    public IReadOnlyList<StoreProblem> StoreProblems { get; }

    /// <summary>Whether nothing is left to run.</summary>
    public bool IsComplete => RowsToRun.Count == 0;

    /// <summary>
    /// One line for the run's output, e.g. <c>Nothing to run: all 8 cells hold 3 samples.</c> or
    /// <c>Top-up to 3 samples per cell: 12 of 24 rows to run (12 held); 8 of 8 cells incomplete.</c>
    /// </summary>
    public string Describe()
    {
        var problems = StoreProblems.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" The store read skipped {StoreProblems.Count} corrupt file(s) or line(s); their rows run again.");
        if (RowCount == 0)
        {
            return $"Nothing to run: no rows were planned.{problems}";
        }

        if (IsComplete)
        {
            // A shard plans only part of each cell, so "every cell holds N" is claimed only when the plan covered whole cells.
            return Cells.All(c => c.Rows == TargetSamples)
                ? string.Create(CultureInfo.InvariantCulture, $"Nothing to run: all {Cells.Count} cells hold {TargetSamples} samples.{problems}")
                : string.Create(CultureInfo.InvariantCulture, $"Nothing to run: all {RowCount} planned rows ({Cells.Count} cells, target {TargetSamples} samples per cell) are held.{problems}");
        }

        var incomplete = Cells.Count(c => c.Missing > 0);
        var store = StoreExists ? "" : " The store does not exist yet.";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Top-up to {TargetSamples} samples per cell: {RowsToRun.Count} of {RowCount} rows to run ({HeldCount} held); {incomplete} of {Cells.Count} cells incomplete.{store}{problems}");
    }
}
