using RunnerHarness.Xunit.Recording;
using Xunit.Sdk;
using Xunit.v3;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>
/// The assembly runner's context, with the run's <see cref="RecordingSession"/> and a <see cref="RecordingMessageBus"/> in front of
/// xUnit's bus; runs each test collection with <see cref="RecordingTestCollectionRunner"/>, so that every test runs on
/// <see cref="RecordingTestRunner"/>.
/// </summary>
internal sealed class RecordingTestAssemblyRunnerContext(
    RecordingSession session,
    IXunitTestAssembly testAssembly,
    IReadOnlyCollection<IXunitTestCase> testCases,
    IMessageSink executionMessageSink,
    ITestFrameworkExecutionOptions executionOptions,
    CancellationToken cancellationToken)
    : XunitTestAssemblyRunnerContext(testAssembly, testCases, executionMessageSink, executionOptions, cancellationToken)
{
    /// <summary>The run's recording session.</summary>
    public RecordingSession Session { get; } = session ?? throw new ArgumentNullException(nameof(session));

    /// <inheritdoc/>
    protected override IMessageBus CreateMessageBus() => new RecordingMessageBus(base.CreateMessageBus(), Session);

    /// <inheritdoc/>
    /// <remarks>Mirrors xUnit v3 4.0.3's XunitTestAssemblyRunnerBaseContext.RunTestCollection, with the recording collection runner.</remarks>
    public override ValueTask<RunSummary> RunTestCollection(IXunitTestCollection testCollection, IReadOnlyCollection<IXunitTestCase> testCases) =>
        RecordingTestCollectionRunner.Instance.Run(
            testCollection, testCases, ExplicitOption, MessageBus, Aggregator.Clone(), CancellationTokenSource, ParallelMode, Scheduler, AssemblyFixtureMappings);
}
