using RunnerHarness.Xunit.Recording;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>The collection runner: runs classes with <see cref="RecordingTestClassRunner"/>.</summary>
internal sealed class RecordingTestCollectionRunner : XunitTestCollectionRunner
{
    private readonly RecordingSession _session;

    /// <summary>Creates the runner; <paramref name="session"/> receives every result.</summary>
    public RecordingTestCollectionRunner(
        ITestCollection testCollection,
        IEnumerable<IXunitTestCase> testCases,
        IMessageSink diagnosticMessageSink,
        IMessageBus messageBus,
        ITestCaseOrderer testCaseOrderer,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource,
        RecordingSession session)
        : base(testCollection, testCases, diagnosticMessageSink, messageBus, testCaseOrderer, aggregator, cancellationTokenSource) =>
        _session = session ?? throw new ArgumentNullException(nameof(session));

    /// <inheritdoc/>
    /// <remarks>Mirrors xunit/xunit v2 src/xunit.execution/Sdk/Frameworks/Runners/XunitTestCollectionRunner.cs.</remarks>
    protected override Task<RunSummary> RunTestClassAsync(ITestClass testClass, IReflectionTypeInfo @class, IEnumerable<IXunitTestCase> testCases) =>
        new RecordingTestClassRunner(testClass, @class, testCases, DiagnosticMessageSink, MessageBus, TestCaseOrderer, new ExceptionAggregator(Aggregator), CancellationTokenSource, CollectionFixtureMappings, _session).RunAsync();
}
