using Xunit.Sdk;
using Xunit.v3;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>
/// The context of <see cref="RecordingTestMethodRunner"/>: runs a plain fact's or theory's test case with
/// <see cref="RecordingTestCaseRunner"/>; a self-executing one (a model batch's cell) runs itself, as under xUnit.
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
    /// <inheritdoc/>
    /// <remarks>Mirrors xUnit v3 4.0.3's XunitTestMethodRunnerBaseContext.RunTestCase, with the recording test case runner.</remarks>
    public override ValueTask<RunSummary> RunTestCase(IXunitTestCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        return testCase is ISelfExecutingXunitTestCase
            ? base.RunTestCase(testCase)
            : RecordingTestCaseRunner.Instance.Run(
                testCase, MessageBus, CancellationTokenSource, ParallelMode, Scheduler, Aggregator.Clone(), ExplicitOption, ConstructorArguments, MethodFixtureMappings);
    }
}
