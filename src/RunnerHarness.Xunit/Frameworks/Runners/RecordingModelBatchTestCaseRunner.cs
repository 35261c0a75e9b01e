using System.Reflection;
using RunnerHarness.Planning;
using RunnerHarness.Scheduling;
using RunnerHarness.Xunit.Batches;
using RunnerHarness.Xunit.Recording;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>
/// The runner of a model batch (a theory with <see cref="ModelMatrixAttribute"/>): plans its rows when it starts, with
/// the run's settings and against the store as it is then, and runs them concurrently within the row limits the run's
/// model batches share (<see cref="RowConcurrencyLimiter"/>: global, then per provider of the row's <see cref="ModelCase"/>).
/// </summary>
/// <remarks>
/// Adapted from xunit/xunit v2 src/xunit.execution/Sdk/Frameworks/Runners/XunitTheoryTestCaseRunner.cs: rows come from
/// the plan rather than from data discoverers, and run concurrently rather than one after another (the pattern of
/// meziantou/Meziantou.Xunit.ParallelTestFramework's ParallelTestMethodRunner, at the row level, because run-time rows
/// are all inside one theory test case). A batch with nothing left to run reports one skipped test saying why.
/// </remarks>
internal sealed class RecordingModelBatchTestCaseRunner : XunitTestCaseRunner
{
    private readonly List<(XunitTestRunner Runner, PlannedRow Row)> _rows = [];
    private readonly RecordingSession _session;
    private readonly ModelMatrixAttribute _matrix;
    private Exception? _planningError;
    private string? _nothingToRun;

    /// <summary>Creates the runner; <paramref name="session"/> gives the settings and row limits and receives every result.</summary>
    public RecordingModelBatchTestCaseRunner(
        IXunitTestCase testCase,
        string displayName,
        string skipReason,
        object[] constructorArguments,
        IMessageBus messageBus,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource,
        RecordingSession session,
        ModelMatrixAttribute matrix)
        : base(testCase, displayName, skipReason, constructorArguments, [], messageBus, aggregator, cancellationTokenSource)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _matrix = matrix ?? throw new ArgumentNullException(nameof(matrix));
    }

    /// <inheritdoc/>
    protected override async Task AfterTestCaseStartingAsync()
    {
        await base.AfterTestCaseStartingAsync().ConfigureAwait(false);
        if (Aggregator.HasExceptions)
        {
            // The run cannot start (a bad setting or row limit, reported at assembly start): the batch fails with
            // that reason and announces no plan, as no row will run.
            _planningError = Aggregator.ToException();
            return;
        }

        try
        {
            // Planned here, when the batch starts: top-up must see the store as it is when the rows execute.
            var plan = ModelBatchPlanner.Plan(_matrix, TestClass.Assembly, TestCase.TestMethod.TestClass.Class.Name, TestMethod);
            _nothingToRun = plan.RowsToRun.Count == 0 ? plan.TopUp.Describe() : null;
            foreach (var planned in plan.PlannedRowsToRun)
            {
                var (sample, caseKey) = planned;
                object[] arguments = [new ModelCase(sample, caseKey)];
                var displayName = TestCase.TestMethod.Method.GetDisplayNameWithArguments(DisplayName, arguments, null);
                var test = new XunitTest(TestCase, displayName);

                // Each row gets its own aggregator (seeded with the test case's): rows run at once, and ExceptionAggregator is not thread-safe.
                var runner = CreateTestRunner(
                    test, MessageBus, TestClass, ConstructorArguments, TestMethod, arguments, SkipReason, BeforeAfterAttributes, new ExceptionAggregator(Aggregator), CancellationTokenSource);
                _rows.Add((runner, planned));
            }
        }
        catch (Exception ex)
        {
            // Surfaced in RunTestAsync as one failed test, as xUnit does with a data discovery exception.
            _planningError = ex;
        }
    }

    /// <inheritdoc/>
    protected override XunitTestRunner CreateTestRunner(
        ITest test,
        IMessageBus messageBus,
        Type testClass,
        object[] constructorArguments,
        MethodInfo testMethod,
        object[] testMethodArguments,
        string skipReason,
        IReadOnlyList<BeforeAfterTestAttribute> beforeAfterAttributes,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource) =>
        new RecordingTestRunner(test, messageBus, testClass, constructorArguments, testMethod, testMethodArguments, skipReason, beforeAfterAttributes, aggregator, cancellationTokenSource, _session);

    /// <inheritdoc/>
    protected override async Task<RunSummary> RunTestAsync()
    {
        if (_planningError is not null)
        {
            return RunPlanningError(_planningError);
        }

        if (_nothingToRun is not null)
        {
            return ReportNothingToRun(_nothingToRun);
        }

        RowConcurrencyLimiter? limiter;
        try
        {
            // The row limits come with the model runtime, built on first need: a runtime that cannot be built (a limits
            // folder that cannot be made) fails the batch with its reason, unrecorded, as the cells and v3 runners do.
            limiter = _session.RowLimiter;
        }
        catch (Exception ex)
        {
            return RunPlanningError(ex);
        }

        if (limiter is null)
        {
            return RunPlanningError(new InvalidOperationException("RunnerHarness: the row limits of model batches were not set up before the batch ran."));
        }

        // Started in plan order, but run by xUnit's synchronization context in no fixed order: each row waits its turn to
        // queue for its slots, so the slots go out in plan order. Every row queues or withdraws (ModelBatchRows).
        var turns = new PlanOrderTurns([.. _rows.Select(row => row.Row)]);
        var rows = _rows.Select(row => ModelBatchRows.Start(
            row.Runner.RunAsync, row.Row.Sample.Provider, limiter, _session.Budget, CancellationTokenSource.Token, turns.TurnOf(row.Row.CaseKey), () => turns.Done(row.Row)));
        var summary = new RunSummary();
        foreach (var rowSummary in await Task.WhenAll(rows).ConfigureAwait(false))
        {
            summary.Aggregate(rowSummary);
        }

        return summary;
    }

    // A finished batch reports one skipped test whose reason says why, so `dotnet test` and test explorers show a
    // green, explained no-op; xUnit would fail a theory without rows, and VSTest warns "No test is available" when
    // a run reports nothing. It is not a model result, so it is not recorded.
    private RunSummary ReportNothingToRun(string reason)
    {
        var test = new XunitTest(TestCase, DisplayName);
        _session.DoNotRecord(test);
        return HarnessResult.Skip(MessageBus, test, $"RunnerHarness: {reason}", CancellationTokenSource);
    }

    // A batch that cannot be planned (an invalid matrix, a matrix and models file that disagree on a provider, a plan
    // that cannot be written) fails visibly before any of its rows, and is not recorded: it is the configuration's or
    // the harness's failure, not a result of any model.
    private RunSummary RunPlanningError(Exception error)
    {
        var test = new XunitTest(TestCase, DisplayName);
        _session.DoNotRecord(test);
        return HarnessResult.Fail(MessageBus, test, error, CancellationTokenSource);
    }
}
