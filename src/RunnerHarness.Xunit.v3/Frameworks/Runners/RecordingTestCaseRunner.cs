using Xunit.Sdk;
using Xunit.v3;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>
/// Runs a plain fact's or theory's test case as xUnit's test case runner does, with <see cref="RecordingTestCaseRunnerContext"/>,
/// so each of its tests runs on <see cref="RecordingTestRunner"/>: the exception that ends a test goes to its
/// <see cref="ModelTestContext"/>, and an infrastructure failure outside a model call gives the record its category, as
/// under v2.
/// </summary>
internal sealed class RecordingTestCaseRunner : XunitTestCaseRunner
{
    private RecordingTestCaseRunner()
    {
    }

    /// <summary>The runner; xUnit v3 runners are stateless, their state is in the context.</summary>
    public static new RecordingTestCaseRunner Instance { get; } = new();

    /// <summary>Creates the tests of <paramref name="testCase"/> and runs them.</summary>
    /// <remarks>Mirrors xUnit v3 4.0.3's XunitRunnerHelper.RunXunitTestCase, with the recording context.</remarks>
    public async ValueTask<RunSummary> Run(
        IXunitTestCase testCase,
        IMessageBus messageBus,
        CancellationTokenSource cancellationTokenSource,
        ParallelMode parallelMode,
        ExecutionScheduler scheduler,
        ExceptionAggregator aggregator,
        ExplicitOption explicitOption,
        object?[] constructorArguments,
        FixtureMappingManager methodFixtureMappings)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var tests = await aggregator.RunAsync(testCase.CreateTests, []).ConfigureAwait(false);
        if (aggregator.HasExceptions)
        {
            // The tests could not be created (a theory's data threw, or skipped itself dynamically): no test ran, so xUnit's
            // own helper reports the test case, creating its tests again, skipped or failed as it decides (its way of telling
            // a dynamic skip from a failure is internal to it).
            aggregator.Clear();
            return await XunitRunnerHelper.RunXunitTestCase(
                testCase, messageBus, cancellationTokenSource, parallelMode, scheduler, aggregator, explicitOption, constructorArguments, methodFixtureMappings).ConfigureAwait(false);
        }

        await using var ctxt = new RecordingTestCaseRunnerContext(
            testCase, tests, explicitOption, messageBus, aggregator, testCase.TestCaseDisplayName, testCase.SkipReason, cancellationTokenSource,
            parallelMode, scheduler, constructorArguments, methodFixtureMappings);
        await ctxt.InitializeAsync().ConfigureAwait(false);
        return await Run(ctxt).ConfigureAwait(false);
    }
}
