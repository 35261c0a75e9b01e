using RunnerHarness.Planning;
using RunnerHarness.Xunit.Batches;
using RunnerHarness.Xunit.Recording;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>
/// Runs the selected cells of one model batch (the <see cref="ModelCellTestCase"/>s a test filter or explorer selected)
/// as the batch runner runs a whole batch: one plan for all of them, made when they start and against the store as it is
/// then (filters, shard, top-up), and their rows started in plan order - sample 0 of every cell first - concurrently within
/// the run's row limits. Each cell reports its rows' results under itself, or one skipped result when it has nothing to run.
/// </summary>
internal sealed class RecordingModelCellsRunner(
    IReadOnlyList<ModelCellTestCase> cells,
    ModelMatrixAttribute matrix,
    IReflectionTypeInfo @class,
    IReflectionMethodInfo method,
    object[] constructorArguments,
    IMessageBus messageBus,
    ExceptionAggregator aggregator,
    CancellationTokenSource cancellationTokenSource,
    RecordingSession session)
{
    /// <summary>Plans the cells' rows, runs them and returns the summary of every cell.</summary>
    public async Task<RunSummary> RunAsync()
    {
        var runners = cells
            .Select(c => new RecordingModelCellTestCaseRunner(c, constructorArguments, messageBus, new ExceptionAggregator(aggregator), cancellationTokenSource, session))
            .ToList();
        var plan = Plan(runners);
        var running = runners.Select(r => r.RunAsync()).ToList();

        // A row may start only after its cell reported its start; a cell whose start the bus refused ends without running rows.
        await Task.WhenAll(runners.Select((r, i) => Task.WhenAny(r.ReadyForRows, running[i]))).ConfigureAwait(true);
        if (plan is not null && session.RowLimiter is { } limiter)
        {
            var byCell = runners.ToDictionary(r => plan.CellKeyOf(r.Cell.Cell), StringComparer.Ordinal);
            var rows = plan.PlannedRowsToRun
                .Select(row => (Row: row, Cell: byCell[plan.CellKeyOf(row.Sample)]))
                .Where(r => r.Cell.ReadyForRows.IsCompleted)
                .Select(r => (r.Row, r.Cell, Runner: r.Cell.CreateRow(r.Row)))
                .ToList();

            // The rows start in plan order, but xUnit's synchronization context runs them in no fixed order: each waits its
            // turn to queue for its slots, so the slots go out in plan order. Only rows that start take a turn, and each
            // started row queues or withdraws (ModelBatchRows), so no row waits for one that never runs.
            var turns = new PlanOrderTurns([.. rows.Select(r => r.Row)]);
            foreach (var (row, cell, runner) in rows)
            {
                _ = FinishRowAsync(cell, ModelBatchRows.Start(
                    runner.RunAsync, row.Sample.Provider, limiter, session.Budget, cancellationTokenSource.Token, turns.TurnOf(row.CaseKey), () => turns.Done(row)));
            }
        }

        var summary = new RunSummary();
        foreach (var cell in await Task.WhenAll(running).ConfigureAwait(true))
        {
            summary.Aggregate(cell);
        }

        return summary;
    }

    private static async Task FinishRowAsync(RecordingModelCellTestCaseRunner cell, Task<RunSummary> row)
    {
        var summary = new RunSummary();
        try
        {
            summary = await row.ConfigureAwait(false);
        }
        finally
        {
            // Always counted, so the cell always reports its end, whatever became of the row.
            cell.RowFinished(summary);
        }
    }

    // Tells every cell what it does; returns null when nothing runs because the batch cannot be planned.
    private BatchRowPlan? Plan(IReadOnlyList<RecordingModelCellTestCaseRunner> runners)
    {
        BatchRowPlan plan;
        try
        {
            // An exception in the aggregator is a run that cannot start (a bad setting or row limit, reported at assembly
            // start): every cell fails with it, and no plan is announced, as no row will run.
            if (aggregator.HasExceptions)
            {
                throw aggregator.ToException();
            }

            plan = ModelBatchPlanner.Plan(matrix, @class.Type.Assembly, @class.Name, method.MethodInfo, [.. cells.Select(c => c.Cell)]);
            if (session.RowLimiter is null)
            {
                throw new InvalidOperationException("RunnerHarness: the row limits of model batches were not set up before the batch ran.");
            }
        }
        catch (Exception ex)
        {
            foreach (var runner in runners)
            {
                runner.FailWith(ex);
            }

            return null;
        }

        foreach (var runner in runners)
        {
            Assign(runner, plan);
        }

        return plan;
    }

    private void Assign(RecordingModelCellTestCaseRunner runner, BatchRowPlan plan)
    {
        var verdict = ModelCellVerdict.Of(plan, runner.Cell.Cell, session.Settings!);
        if (verdict.Error is { } error)
        {
            runner.FailWith(error);
        }
        else if (verdict.SkipReason is { } reason)
        {
            runner.SkipWith(reason);
        }
        else
        {
            runner.ExpectRows(verdict.Rows);
        }
    }
}
