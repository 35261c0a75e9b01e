using RunnerHarness.Planning;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>
/// The order in which the rows of a model batch queue for their slots of the run's row limits: plan order (sample 0 of
/// every cell first), so a run the budget stops leaves every cell evenly filled. Starting the rows in plan order is not
/// enough: they start on xUnit's synchronization context, whose threads take them in no fixed order (v2), and under v3 each
/// cell is a test case of its own whose rows its own runner starts. A row queues once every row before it in the plan has
/// queued or been withdrawn. Every row must queue or be withdrawn, or the rows after it wait until the run is cancelled.
/// </summary>
internal sealed class PlanOrderTurns
{
    private readonly Dictionary<string, int> _positions;
    private readonly TaskCompletionSource[] _turns;
    private readonly bool[] _done;
    private readonly Lock _lock = new();
    private int _doneInOrder;

    /// <summary>Creates the turns of <paramref name="rowsInPlanOrder"/>.</summary>
    public PlanOrderTurns(IReadOnlyList<PlannedRow> rowsInPlanOrder)
    {
        ArgumentNullException.ThrowIfNull(rowsInPlanOrder);
        _positions = rowsInPlanOrder.Select((row, index) => (row.CaseKey, index)).ToDictionary(p => p.CaseKey, p => p.index, StringComparer.Ordinal);
        _turns = [.. rowsInPlanOrder.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];
        _done = new bool[rowsInPlanOrder.Count];
        if (_turns.Length > 0)
        {
            _turns[0].SetResult();
        }
    }

    /// <summary>Completes when every row before the row <paramref name="caseKey"/> in the plan has queued or been withdrawn.</summary>
    public Task TurnOf(string caseKey) => _turns[PositionOf(caseKey)].Task;

    /// <summary>Says that <paramref name="row"/> has queued for its slots, or will not (withdrawn): the next row's turn may come.</summary>
    public void Done(PlannedRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        Done(row.CaseKey);
    }

    /// <summary>Says that the row <paramref name="caseKey"/> has queued for its slots, or will not (withdrawn).</summary>
    public void Done(string caseKey)
    {
        var position = PositionOf(caseKey);
        lock (_lock)
        {
            _done[position] = true;
            while (_doneInOrder < _done.Length && _done[_doneInOrder])
            {
                _doneInOrder++;
                if (_doneInOrder < _turns.Length)
                {
                    _turns[_doneInOrder].TrySetResult();
                }
            }
        }
    }

    private int PositionOf(string caseKey) => _positions.TryGetValue(caseKey, out var position)
        ? position
        : throw new InvalidOperationException($"RunnerHarness: the row {caseKey} is not in its batch's plan.");
}
