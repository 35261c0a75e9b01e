using Xunit.Sdk;
using Xunit.v3;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>xUnit's test method runner with <see cref="RecordingTestMethodRunnerContext"/>, a link of the chain to <see cref="RecordingTestRunner"/>.</summary>
internal sealed class RecordingTestMethodRunner : XunitTestMethodRunner
{
    private RecordingTestMethodRunner()
    {
    }

    /// <summary>The runner; xUnit v3 runners are stateless, their state is in the context.</summary>
    public static new RecordingTestMethodRunner Instance { get; } = new();

    /// <summary>Runs <paramref name="testCases"/> of <paramref name="testMethod"/>.</summary>
    /// <remarks>Mirrors xUnit v3 4.0.3's <see cref="XunitTestMethodRunner"/>.Run, with the recording context.</remarks>
    public new async ValueTask<RunSummary> Run(
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
    {
        await using var ctxt = new RecordingTestMethodRunnerContext(
            testMethod, testCases, explicitOption, messageBus, aggregator, cancellationTokenSource, parallelMode, scheduler, constructorArguments, classFixtureMappings);
        await ctxt.InitializeAsync().ConfigureAwait(false);
        return await Run(ctxt).ConfigureAwait(false);
    }
}
