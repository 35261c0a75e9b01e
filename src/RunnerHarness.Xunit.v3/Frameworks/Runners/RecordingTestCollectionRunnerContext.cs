using Xunit.Sdk;
using Xunit.v3;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>The context of <see cref="RecordingTestCollectionRunner"/>: runs each test class with <see cref="RecordingTestClassRunner"/>.</summary>
internal sealed class RecordingTestCollectionRunnerContext(
    IXunitTestCollection testCollection,
    IReadOnlyCollection<IXunitTestCase> testCases,
    ExplicitOption explicitOption,
    IMessageBus messageBus,
    ExceptionAggregator aggregator,
    CancellationTokenSource cancellationTokenSource,
    ParallelMode parallelMode,
    ExecutionScheduler scheduler,
    FixtureMappingManager assemblyFixtureMappings)
    : XunitTestCollectionRunnerContext(
        testCollection, testCases, explicitOption, messageBus, aggregator, cancellationTokenSource, parallelMode, scheduler, assemblyFixtureMappings)
{
    /// <inheritdoc/>
    /// <remarks>Mirrors xUnit v3 4.0.3's XunitTestCollectionRunnerContext.RunTestClass, with the recording class runner.</remarks>
    public override ValueTask<RunSummary> RunTestClass(IXunitTestClass testClass, IReadOnlyCollection<IXunitTestCase> testCases) =>
        RecordingTestClassRunner.Instance.Run(
            testClass ?? throw new ArgumentNullException(nameof(testClass)),
            testCases, ExplicitOption, MessageBus, Aggregator.Clone(), CancellationTokenSource, ParallelMode, Scheduler, CollectionFixtureMappings);
}
