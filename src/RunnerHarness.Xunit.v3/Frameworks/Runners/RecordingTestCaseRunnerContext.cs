using Xunit.Sdk;
using Xunit.v3;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>
/// The context of a test case's runner (<see cref="RecordingTestCaseRunner"/>, <see cref="RecordingModelRowsTestCaseRunner"/>):
/// runs each test of the test case with <see cref="RecordingTestRunner"/>.
/// </summary>
internal sealed class RecordingTestCaseRunnerContext(
    IXunitTestCase testCase,
    IReadOnlyCollection<IXunitTest> tests,
    ExplicitOption explicitOption,
    IMessageBus messageBus,
    ExceptionAggregator aggregator,
    string displayName,
    string? skipReason,
    CancellationTokenSource cancellationTokenSource,
    ParallelMode parallelMode,
    ExecutionScheduler scheduler,
    object?[] constructorArguments,
    FixtureMappingManager fixtureMappings)
    : XunitTestCaseRunnerContext(
        testCase, tests, explicitOption, messageBus, aggregator, displayName, skipReason, cancellationTokenSource, parallelMode, scheduler, constructorArguments, fixtureMappings)
{
    /// <summary>The order the tests (a model batch cell's rows) queue in with the batch's other cells' rows, if they are a cell's.</summary>
    public PlanOrderTurns? Turns { get; init; }

    /// <inheritdoc/>
    /// <remarks>Mirrors xUnit v3's XunitTestCaseRunnerBaseContext.RunTest, with the recording test runner.</remarks>
    public override ValueTask<RunSummary> RunTest(IXunitTest test) =>
        RecordingTestRunner.Instance.Run(
            test, MessageBus, ConstructorArguments, ExplicitOption, Aggregator.Clone(), CancellationTokenSource, ParallelMode, Scheduler, BeforeAfterTestAttributes, CaseFixtureMappings);
}
