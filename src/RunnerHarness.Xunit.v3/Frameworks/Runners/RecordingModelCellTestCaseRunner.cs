using RunnerHarness.Matrix;
using RunnerHarness.Xunit.Batches;
using RunnerHarness.Xunit.Recording;
using Xunit.Sdk;
using Xunit.v3;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>
/// Runs one cell of a model batch (<see cref="ModelCellTestCase"/>): takes the cell's rows from the plan its batch's
/// selected cells share, made when the first of them runs against the store as it is then (filters, shard, top-up), and
/// runs them as tests of the cell, concurrently within the run's row limits (<see cref="ModelBatchRows"/>, as under v2). A
/// cell with nothing to run reports one skipped result saying why, and a cell that cannot run one failed result; neither
/// is recorded, since no model ran.
/// </summary>
internal sealed class RecordingModelCellTestCaseRunner : XunitTestCaseRunner
{
    private RecordingModelCellTestCaseRunner()
    {
    }

    /// <summary>The runner; xUnit v3 runners are stateless, their state is in the context.</summary>
    public static new RecordingModelCellTestCaseRunner Instance { get; } = new();

    /// <summary>Runs <paramref name="cell"/>'s planned rows, or reports why it has none.</summary>
    public async ValueTask<RunSummary> Run(
        ModelCellTestCase cell,
        ExplicitOption explicitOption,
        IMessageBus messageBus,
        object?[] constructorArguments,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource,
        ParallelMode parallelMode,
        ExecutionScheduler scheduler,
        FixtureMappingManager fixtureMappings)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var session = RecordingSession.Of(cell.TestMethod.TestClass.Class.Assembly);
        IReadOnlyList<IXunitTest> rows;
        try
        {
            if (session is null)
            {
                throw new InvalidOperationException(
                    $"RunnerHarness: {cell.TestClassName}.{cell.TestMethodName} is a model batch ([ModelMatrix]) but does not run under the RunnerHarness recording test framework; import the package's build files and do not set RunnerHarnessDisableFramework.");
            }

            var (plan, rowsByCell) = session.CellPlanOf(cell);
            var verdict = ModelCellVerdict.Of(plan, cell.Cell, session.Settings!);
            if (verdict.Error is { } error)
            {
                throw error;
            }

            if (verdict.Rows == 0)
            {
                session.DoNotRecord(cell);
                return XunitRunnerHelper.SkipTestCases(messageBus, cancellationTokenSource, [cell], verdict.SkipReason ?? "RunnerHarness: no sample of this cell was planned.");
            }

            rows = [.. rowsByCell[plan.CellKeyOf(cell.Cell)].Select((row, index) => Row(cell, row.Sample, row.CaseKey, index))];
        }
        catch (Exception ex)
        {
            // The cell's batch could not be planned: a failure of the configuration or the harness before any row, which
            // fails visibly and is not recorded (no model ran).
            session?.DoNotRecord(cell);
            return XunitRunnerHelper.FailTestCases(messageBus, cancellationTokenSource, [cell], ex);
        }

        if (session.RowLimiter is null)
        {
            session.DoNotRecord(cell);
            return XunitRunnerHelper.FailTestCases(messageBus, cancellationTokenSource, [cell], new InvalidOperationException("RunnerHarness: the row limits of model batches were not set up before the batch ran."));
        }

        await using var ctxt = new XunitTestCaseRunnerContext(
            cell, rows, explicitOption, messageBus, aggregator, cell.TestCaseDisplayName, cell.SkipReason, cancellationTokenSource,
            parallelMode, scheduler, constructorArguments, fixtureMappings);
        await ctxt.InitializeAsync().ConfigureAwait(false);
        return await Run(ctxt).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>The rows start at once and each runs when it holds its slots of the run's row limits; xUnit would run them one after another.</remarks>
    protected override async ValueTask<RunSummary> RunTestCaseInner(XunitTestCaseRunnerContext ctxt, Exception? exception)
    {
        ArgumentNullException.ThrowIfNull(ctxt);
        var session = RecordingSession.Of(ctxt.TestCase.TestMethod.TestClass.Class.Assembly);
        if (exception is not null || session?.RowLimiter is not { } limiter)
        {
            return await base.RunTestCaseInner(ctxt, exception).ConfigureAwait(false);
        }

        var rows = ctxt.Tests.Select(test => ModelBatchRows.Start(
            () => ctxt.RunTest(test).AsTask(), ProviderOf(test), limiter, session.Budget, ctxt.CancellationTokenSource.Token));
        var summary = new RunSummary();
        foreach (var row in await Task.WhenAll(rows).ConfigureAwait(false))
        {
            summary.Aggregate(row);
        }

        return summary;
    }

    private static string? ProviderOf(IXunitTest test) => test.TestMethodArguments.OfType<ModelCase>().FirstOrDefault()?.Sample.Provider;

    // A row is a test of the cell named as the batch's row would be; it keeps only the traits the theory declares (its axis
    // values are in its record's columns, as under v2).
    private static XunitTest Row(ModelCellTestCase cell, MatrixSample sample, string caseKey, int index)
    {
        object?[] arguments = [new ModelCase(sample, caseKey)];
        return new XunitTest(
            cell, cell.TestMethod, cell.Explicit, null, null, null, null,
            cell.TestMethod.GetDisplayName(cell.BatchDisplayName, null, arguments, null), index,
            cell.TestMethod.Traits, cell.Timeout, arguments, null, false);
    }
}
