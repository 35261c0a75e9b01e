using Xunit.Sdk;
using Xunit.v3;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>
/// The context of <see cref="RecordingTestMethodRunner"/>: runs a plain fact's or theory's test case with
/// <see cref="RecordingTestCaseRunner"/>; a self-executing one runs itself, as under xUnit, except that a model batch's cells
/// run at once: xUnit runs a method's test cases one after another, and the first cell to run starts every selected cell of
/// the method, so their rows take their slots in plan order across cells (<see cref="PlanOrderTurns"/>) as under v2.
/// </summary>
internal sealed class RecordingTestMethodRunnerContext(
    IXunitTestMethod testMethod,
    IReadOnlyCollection<IXunitTestCase> testCases,
    ExplicitOption explicitOption,
    IMessageBus messageBus,
    ExceptionAggregator aggregator,
    CancellationTokenSource cancellationTokenSource,
    ParallelMode parallelMode,
    ExecutionScheduler scheduler,
    object?[] constructorArguments,
    FixtureMappingManager classFixtureMappings)
    : XunitTestMethodRunnerContext(
        testMethod, testCases, explicitOption, messageBus, aggregator, cancellationTokenSource, parallelMode, scheduler, constructorArguments, classFixtureMappings)
{
    private bool _cellsStarted;

    /// <inheritdoc/>
    /// <remarks>Mirrors xUnit v3 4.0.3's XunitTestMethodRunnerBaseContext.RunTestCase, with the recording test case runner.</remarks>
    public override async ValueTask<RunSummary> RunTestCase(IXunitTestCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        if (testCase is ModelCellTestCase)
        {
            // xUnit's method runner awaits each test case before the next, on one flow: no lock needed. The cells after the
            // first have run with it; their results are in its summary.
            if (_cellsStarted)
            {
                return new RunSummary();
            }

            _cellsStarted = true;
            var summary = new RunSummary();
            foreach (var cell in await Task.WhenAll(TestCases.OfType<ModelCellTestCase>().Select(c => base.RunTestCase(c).AsTask())).ConfigureAwait(false))
            {
                summary.Aggregate(cell);
            }

            return summary;
        }

        return testCase is ISelfExecutingXunitTestCase
            ? await base.RunTestCase(testCase).ConfigureAwait(false)
            : await RecordingTestCaseRunner.Instance.Run(
                testCase, MessageBus, CancellationTokenSource, ParallelMode, Scheduler, Aggregator.Clone(), ExplicitOption, ConstructorArguments, MethodFixtureMappings).ConfigureAwait(false);
    }
}
