using Xunit.Sdk;
using Xunit.v3;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>
/// xUnit's test collection runner with <see cref="RecordingTestCollectionRunnerContext"/>: the first link of the chain that
/// brings every test of the run to <see cref="RecordingTestRunner"/> (xUnit v3's runners are singletons each context names).
/// </summary>
internal sealed class RecordingTestCollectionRunner : XunitTestCollectionRunner
{
    private RecordingTestCollectionRunner()
    {
    }

    /// <summary>The runner; xUnit v3 runners are stateless, their state is in the context.</summary>
    public static new RecordingTestCollectionRunner Instance { get; } = new();

    /// <summary>Runs <paramref name="testCases"/> of <paramref name="testCollection"/>.</summary>
    /// <remarks>Mirrors xUnit v3 4.0.3's <see cref="XunitTestCollectionRunner"/>.Run, with the recording context.</remarks>
    public new async ValueTask<RunSummary> Run(
        IXunitTestCollection testCollection,
        IReadOnlyCollection<IXunitTestCase> testCases,
        ExplicitOption explicitOption,
        IMessageBus messageBus,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource,
        ParallelMode parallelMode,
        ExecutionScheduler scheduler,
        FixtureMappingManager assemblyFixtureMappings)
    {
        await using var ctxt = new RecordingTestCollectionRunnerContext(
            testCollection, testCases, explicitOption, messageBus, aggregator, cancellationTokenSource, parallelMode, scheduler, assemblyFixtureMappings);
        await ctxt.InitializeAsync().ConfigureAwait(false);
        return await Run(ctxt).ConfigureAwait(false);
    }
}
