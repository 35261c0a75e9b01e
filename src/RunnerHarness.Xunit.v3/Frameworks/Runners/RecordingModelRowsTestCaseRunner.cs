using RunnerHarness.Planning;
using RunnerHarness.Xunit.Recording;
using Xunit.Sdk;
using Xunit.v3;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>
/// Runs the planned rows of a model batch's test case (a <see cref="ModelCellTestCase"/> or a <see cref="ModelBatchTestCase"/>)
/// as tests of that test case, concurrently within the run's row limits (<see cref="ModelBatchRows"/>, as under v2), each named
/// as the batch's row (<c>Bench.Batch.Run(modelCase: gpt-4o-mini | easy | #3)</c>). A test case with nothing to run reports one
/// skipped result saying why, and one that cannot run one failed result; neither is recorded, since no model ran.
/// </summary>
internal sealed class RecordingModelRowsTestCaseRunner : XunitTestCaseRunner
{
    private RecordingModelRowsTestCaseRunner()
    {
    }

    /// <summary>The runner; xUnit v3 runners are stateless, their state is in the context.</summary>
    public static new RecordingModelRowsTestCaseRunner Instance { get; } = new();

    /// <summary>
    /// Runs the rows <paramref name="plan"/> gives <paramref name="testCase"/> in the run's session, or reports why it has none.
    /// <paramref name="plan"/> throws when the batch cannot be planned.
    /// </summary>
    public async ValueTask<RunSummary> Run(
        XunitTestCase testCase,
        string batchDisplayName,
        Func<RecordingSession, PlannedRows> plan,
        ExplicitOption explicitOption,
        IMessageBus messageBus,
        object?[] constructorArguments,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource,
        ParallelMode parallelMode,
        ExecutionScheduler scheduler,
        FixtureMappingManager fixtureMappings)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        ArgumentNullException.ThrowIfNull(plan);
        var session = RecordingSession.Of(testCase.TestMethod.TestClass.Class.Assembly);
        IReadOnlyList<IXunitTest> rows;
        PlanOrderTurns? turns;
        PlannedRows? planned = null;
        try
        {
            if (session is null)
            {
                throw new InvalidOperationException(
                    $"RunnerHarness: {testCase.TestClassName}.{testCase.TestMethodName} is a model batch ([ModelMatrix]) but does not run under the RunnerHarness recording test framework; import the package's build files and do not set RunnerHarnessDisableFramework.");
            }

            if (session.RowLimiter is null)
            {
                throw new InvalidOperationException("RunnerHarness: the row limits of model batches were not set up before the batch ran.");
            }

            planned = plan(session);
            if (planned.Rows.Count == 0)
            {
                session.DoNotRecord(testCase);
                return XunitRunnerHelper.SkipTestCases(messageBus, cancellationTokenSource, [testCase], planned.SkipReason ?? "RunnerHarness: no sample was planned.");
            }

            rows = [.. planned.Rows.Select((row, index) => Row(testCase, batchDisplayName, row, index))];
            turns = planned.Turns;
        }
        catch (Exception ex)
        {
            // The batch could not be planned: a failure of the configuration or the harness before any row, which fails
            // visibly and is not recorded (no model ran).
            session?.DoNotRecord(testCase);

            // Planned rows that will not run must not hold back the batch's other cells' rows.
            foreach (var row in planned?.Rows ?? [])
            {
                planned!.Turns?.Done(row);
            }

            return XunitRunnerHelper.FailTestCases(messageBus, cancellationTokenSource, [testCase], ex);
        }

        await using var ctxt = new RecordingTestCaseRunnerContext(
            testCase, rows, explicitOption, messageBus, aggregator, testCase.TestCaseDisplayName, testCase.SkipReason, cancellationTokenSource,
            parallelMode, scheduler, constructorArguments, fixtureMappings)
        {
            Turns = turns,
        };
        await ctxt.InitializeAsync().ConfigureAwait(false);
        return await Run(ctxt).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>The rows start at once and each runs when it holds its slots of the run's row limits; xUnit would run them one after another.</remarks>
    protected override async ValueTask<RunSummary> RunTestCaseInner(XunitTestCaseRunnerContext ctxt, Exception? exception)
    {
        ArgumentNullException.ThrowIfNull(ctxt);
        var session = RecordingSession.Of(ctxt.TestCase.TestMethod.TestClass.Class.Assembly);
        var turns = (ctxt as RecordingTestCaseRunnerContext)?.Turns;
        if (exception is not null || session?.RowLimiter is not { } limiter)
        {
            // The rows do not queue for slots: the batch's other cells' rows must not wait for them.
            foreach (var test in ctxt.Tests)
            {
                turns?.Done(CaseKeyOf(test));
            }

            return await base.RunTestCaseInner(ctxt, exception).ConfigureAwait(false);
        }

        var rows = ctxt.Tests.Select(test => ModelBatchRows.Start(
            () => ctxt.RunTest(test).AsTask(), ProviderOf(test), limiter, session.Budget, ctxt.CancellationTokenSource.Token,
            turns?.TurnOf(CaseKeyOf(test)), turns is null ? null : () => turns.Done(CaseKeyOf(test))));
        var summary = new RunSummary();
        foreach (var row in await Task.WhenAll(rows).ConfigureAwait(false))
        {
            summary.Aggregate(row);
        }

        return summary;
    }

    private static string CaseKeyOf(IXunitTest test) => test.TestMethodArguments.OfType<ModelCase>().First().PlannedCaseKey!;

    private static string? ProviderOf(IXunitTest test) => test.TestMethodArguments.OfType<ModelCase>().FirstOrDefault()?.Sample.Provider;

    // A row is a test of its test case named as the batch's row; it keeps only the traits the theory declares (its axis
    // values are in its record's columns, as under v2).
    private static XunitTest Row(XunitTestCase testCase, string batchDisplayName, PlannedRow row, int index)
    {
        object?[] arguments = [new ModelCase(row.Sample, row.CaseKey)];
        return new XunitTest(
            testCase, testCase.TestMethod, testCase.Explicit, null, null, null, null,
            testCase.TestMethod.GetDisplayName(batchDisplayName, null, arguments, null), index,
            testCase.TestMethod.Traits, testCase.Timeout, arguments, null, false);
    }
}
