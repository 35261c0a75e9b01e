using Xunit.Sdk;
using Xunit.v3;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>The context of <see cref="RecordingTestClassRunner"/>: runs each test method with <see cref="RecordingTestMethodRunner"/>.</summary>
internal sealed class RecordingTestClassRunnerContext(
    IXunitTestClass testClass,
    IReadOnlyCollection<IXunitTestCase> testCases,
    ExplicitOption explicitOption,
    IMessageBus messageBus,
    ExceptionAggregator aggregator,
    CancellationTokenSource cancellationTokenSource,
    ParallelMode parallelMode,
    ExecutionScheduler scheduler,
    FixtureMappingManager collectionFixtureMappings)
    : XunitTestClassRunnerContext(
        testClass, testCases, explicitOption, messageBus, aggregator, cancellationTokenSource, parallelMode, scheduler, collectionFixtureMappings)
{
    /// <inheritdoc/>
    /// <remarks>Mirrors xUnit v3 4.0.3's XunitTestClassRunnerBaseContext.RunTestMethod, with the recording method runner.</remarks>
    public override ValueTask<RunSummary> RunTestMethod(IXunitTestMethod testMethod, IReadOnlyCollection<IXunitTestCase> testCases) =>
        RecordingTestMethodRunner.Instance.Run(
            testMethod, testCases, ExplicitOption, MessageBus, Aggregator.Clone(), CancellationTokenSource, ParallelMode, Scheduler,
            ConstructorArguments ?? throw new InvalidOperationException("Constructor arguments were not set"), ClassFixtureMappings);
}
