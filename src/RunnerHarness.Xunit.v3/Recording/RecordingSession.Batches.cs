using System.Collections.Concurrent;
using System.Reflection;
using RunnerHarness.Matrix;
using RunnerHarness.Planning;
using RunnerHarness.Xunit.Batches;
using RunnerHarness.Xunit.Frameworks;
using RunnerHarness.Xunit.Frameworks.Runners;
using Xunit.v3;

namespace RunnerHarness.Xunit.Recording;

/// <summary>
/// The model batches of an xUnit v3 run: which cells of each batch the run selected, and the one plan they share. Under
/// v2 the method runner runs a batch's cells together; v3 runs each cell test case by itself, so the first cell of a batch
/// to run makes the plan for every selected cell, and the others take their rows from it.
/// </summary>
internal sealed partial class RecordingSession
{
    private readonly ConcurrentDictionary<string, List<MatrixSample>> _selectedCells = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<(BatchRowPlan Plan, ILookup<string, PlannedRow> RowsByCell, PlanOrderTurns Turns)>> _cellPlans = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _notRecordedTestCases = new(StringComparer.Ordinal);

    /// <summary>Remembers which cells of each model batch this run executes (after the shard's selection), before any runs.</summary>
    public void SelectCells(IEnumerable<IXunitTestCase> testCases)
    {
        ArgumentNullException.ThrowIfNull(testCases);
        foreach (var cell in testCases.OfType<ModelCellTestCase>())
        {
            _selectedCells.GetOrAdd(BatchOf(cell), static _ => []).Add(cell.Cell);
        }
    }

    /// <summary>
    /// The plan of <paramref name="cell"/>'s batch for the cells this run selected, made by the first cell that asks, against
    /// the store as it is then, the planned rows by cell key, and the order in which the cells' rows queue for their slots.
    /// </summary>
    /// <exception cref="InvalidOperationException">The batch cannot be planned (see <see cref="ModelBatchPlanner.Plan"/>).</exception>
    /// <exception cref="MatrixDefinitionException">The matrix is invalid, or filters and exclusions leave no rows.</exception>
    public (BatchRowPlan Plan, ILookup<string, PlannedRow> RowsByCell, PlanOrderTurns Turns) CellPlanOf(ModelCellTestCase cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var batch = BatchOf(cell);
        var lazy = _cellPlans.GetOrAdd(batch, _ => new Lazy<(BatchRowPlan, ILookup<string, PlannedRow>, PlanOrderTurns)>(() =>
        {
            var method = cell.TestMethod.Method;
            var attribute = method.GetCustomAttribute<ModelMatrixAttribute>()
                ?? throw new InvalidOperationException($"RunnerHarness: {batch} has no [ModelMatrix] attribute: the tests were discovered from an older build. Rebuild and discover the tests again.");
            var selected = _selectedCells.TryGetValue(batch, out var cells) ? cells : [cell.Cell];
            var plan = ModelBatchPlanner.Plan(attribute, _assembly, cell.TestClassName, method, selected);
            return (plan, plan.PlannedRowsToRun.ToLookup(r => plan.CellKeyOf(r.Sample), StringComparer.Ordinal), new PlanOrderTurns(plan.PlannedRowsToRun));
        }));

        // A batch that cannot be planned fails each of its cells with the same reason (Lazy caches the exception).
        return lazy.Value;
    }

    /// <summary>Leaves the results of <paramref name="testCase"/> out of the store: they report on the harness (a cell with nothing to run), not on a model.</summary>
    public void DoNotRecord(IXunitTestCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        _notRecordedTestCases[testCase.UniqueID] = true;
    }

    private static string BatchOf(ModelCellTestCase cell) => $"{cell.TestClassName}.{cell.TestMethodName}";
}
