using System.Reflection;
using RunnerHarness.Xunit.Recording;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>
/// The runner of a theory whose rows are enumerated at run time (non-serializable data,
/// <c>DisableDiscoveryEnumeration</c>). xUnit's result messages carry no arguments for such rows, so they
/// are captured here, where each row's test runner is created with them.
/// </summary>
internal sealed class RecordingTheoryTestCaseRunner : XunitTheoryTestCaseRunner
{
    private readonly RecordingSession _session;

    /// <summary>Creates the runner; <paramref name="session"/> receives every result.</summary>
    public RecordingTheoryTestCaseRunner(
        IXunitTestCase testCase,
        string displayName,
        string skipReason,
        object[] constructorArguments,
        IMessageSink diagnosticMessageSink,
        IMessageBus messageBus,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource,
        RecordingSession session)
        : base(testCase, displayName, skipReason, constructorArguments, diagnosticMessageSink, messageBus, aggregator, cancellationTokenSource) =>
        _session = session ?? throw new ArgumentNullException(nameof(session));

    /// <inheritdoc/>
    protected override XunitTestRunner CreateTestRunner(
        ITest test,
        IMessageBus messageBus,
        Type testClass,
        object[] constructorArguments,
        MethodInfo testMethod,
        object[] testMethodArguments,
        string skipReason,
        IReadOnlyList<BeforeAfterTestAttribute> beforeAfterAttributes,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource) =>
        new RecordingTestRunner(test, messageBus, testClass, constructorArguments, testMethod, testMethodArguments, skipReason, beforeAfterAttributes, aggregator, cancellationTokenSource, _session);
}
