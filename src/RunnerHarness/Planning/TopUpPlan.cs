using System.Globalization;
using RunnerHarness.Matrix;
using RunnerHarness.Store;

namespace RunnerHarness.Planning;

/// <summary>The result of <see cref="TopUpPlanner.Plan"/>: which rows still need running and what the store held.</summary>
internal sealed class TopUpPlan
{
    internal TopUpPlan(int targetSamples, int rowCount, IReadOnlyList<PlannedRow> rowsToRun, IReadOnlyList<CellHolding> cells, bool storeExists, IReadOnlyList<StoreProblem> storeProblems, IReadOnlyList<ChangedItem> changedItems)
    {
        ChangedItems = changedItems;
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

    /// <summary>
    /// What the store read met: files or lines it skipped (their records were not counted, so their rows run again),
    /// damaged summaries (their files were read in full instead: nothing skipped) and files that are not store files.
    /// </summary>
    public IReadOnlyList<StoreProblem> StoreProblems { get; }

    /// <summary>
    /// The dataset items of the planned cells whose content changed under the same id since the store's results for them
    /// were recorded (<see cref="ChangedItem"/>): their rows run for the new version; empty when none did.
    /// </summary>
    public IReadOnlyList<ChangedItem> ChangedItems { get; }

    /// <summary>Whether nothing is left to run.</summary>
    public bool IsComplete => RowsToRun.Count == 0;

    /// <summary>
    /// One line for the run's output, e.g. <c>Nothing to run: all 8 cells hold 3 samples.</c> or
    /// <c>Top-up to 3 samples per cell: 12 of 24 rows to run (12 held); 8 of 8 cells incomplete.</c>
    /// </summary>
    public string Describe()
    {
        var problems = DescribeProblems() + DescribeChangedItems();
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

    // Up to a dozen named, so a bulk edit of a dataset does not drown the plan line.
    private string DescribeChangedItems()
    {
        if (ChangedItems.Count == 0)
        {
            return "";
        }

        var named = string.Join("; ", ChangedItems.Take(12));
        var more = ChangedItems.Count > 12 ? string.Create(CultureInfo.InvariantCulture, $"; and {ChangedItems.Count - 12} more") : "";
        return string.Create(
            CultureInfo.InvariantCulture,
            $" {ChangedItems.Count} dataset item(s) changed under the same id since they were answered: {named}{more}. Their rows run again for the new text; the answers to the old text stay in the store under their old item_hash and are not counted for the new one.");
    }

    // Each kind is said as what it did to the plan: only a skipped file or line loses records.
    private string DescribeProblems()
    {
        var skipped = StoreProblems.Count(p => p.Kind is not (StoreProblemKind.DamagedSummary or StoreProblemKind.UnknownFile));
        var summaries = StoreProblems.Count(p => p.Kind == StoreProblemKind.DamagedSummary);
        var unknown = StoreProblems.Count(p => p.Kind == StoreProblemKind.UnknownFile);
        var text = new System.Text.StringBuilder();
        if (skipped > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" The store read skipped {skipped} damaged or unreadable file(s) or line(s); their rows run again.");
        }

        if (summaries > 0)
        {
            text.Append(summaries == 1
                ? " 1 damaged summary was not trusted; its file was read in full."
                : string.Create(CultureInfo.InvariantCulture, $" {summaries} damaged summaries were not trusted; their files were read in full."));
        }

        if (unknown > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" {unknown} file(s) under data/ are not store files and were ignored.");
        }

        return text.ToString();
    }
}
