using RunnerHarness.Xunit.Recording;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>The class runner: runs methods with <see cref="RecordingTestMethodRunner"/>.</summary>
internal sealed class RecordingTestClassRunner : XunitTestClassRunner
{
    private readonly RecordingSession _session;

    /// <summary>Creates the runner; <paramref name="session"/> receives every result.</summary>
    public RecordingTestClassRunner(
        ITestClass testClass,
        IReflectionTypeInfo @class,
        IEnumerable<IXunitTestCase> testCases,
        IMessageSink diagnosticMessageSink,
        IMessageBus messageBus,
        ITestCaseOrderer testCaseOrderer,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource,
        IDictionary<Type, object> collectionFixtureMappings,
        RecordingSession session)
        : base(testClass, @class, testCases, diagnosticMessageSink, messageBus, testCaseOrderer, aggregator, cancellationTokenSource, collectionFixtureMappings) =>
        _session = session ?? throw new ArgumentNullException(nameof(session));

    /// <inheritdoc/>
    /// <remarks>Mirrors xunit/xunit v2 src/xunit.execution/Sdk/Frameworks/Runners/XunitTestClassRunner.cs.</remarks>
    protected override Task<RunSummary> RunTestMethodAsync(ITestMethod testMethod, IReflectionMethodInfo method, IEnumerable<IXunitTestCase> testCases, object[] constructorArguments) =>
        new RecordingTestMethodRunner(testMethod, Class, method, testCases, DiagnosticMessageSink, MessageBus, new ExceptionAggregator(Aggregator), CancellationTokenSource, constructorArguments, _session).RunAsync();
}
