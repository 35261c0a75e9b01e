using Xunit.Sdk;
using Xunit.v3;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>xUnit's test class runner with <see cref="RecordingTestClassRunnerContext"/>, a link of the chain to <see cref="RecordingTestRunner"/>.</summary>
internal sealed class RecordingTestClassRunner : XunitTestClassRunner
{
    private RecordingTestClassRunner()
    {
    }

    /// <summary>The runner; xUnit v3 runners are stateless, their state is in the context.</summary>
    public static new RecordingTestClassRunner Instance { get; } = new();

    /// <summary>Runs <paramref name="testCases"/> of <paramref name="testClass"/>.</summary>
    /// <remarks>Mirrors xUnit v3 4.0.3's <see cref="XunitTestClassRunner"/>.Run, with the recording context.</remarks>
    public new async ValueTask<RunSummary> Run(
        IXunitTestClass testClass,
        IReadOnlyCollection<IXunitTestCase> testCases,
        ExplicitOption explicitOption,
        IMessageBus messageBus,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource,
        ParallelMode parallelMode,
        ExecutionScheduler scheduler,
        FixtureMappingManager collectionFixtureMappings)
    {
        await using var ctxt = new RecordingTestClassRunnerContext(
            testClass, testCases, explicitOption, messageBus, aggregator, cancellationTokenSource, parallelMode, scheduler, collectionFixtureMappings);
        await ctxt.InitializeAsync().ConfigureAwait(false);

        // As xUnit's: a failure of the class's setup (fixtures, constructor selection) fails its tests, not the run.
        return await ctxt.Aggregator.RunAsync(() => Run(ctxt), default).ConfigureAwait(false);
    }
}
