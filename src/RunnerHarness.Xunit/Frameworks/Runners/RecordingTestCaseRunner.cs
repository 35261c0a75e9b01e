using System.Reflection;
using RunnerHarness.Xunit.Recording;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>The runner of a fact or of a theory row pre-enumerated at discovery: runs it with <see cref="RecordingTestRunner"/>.</summary>
internal sealed class RecordingTestCaseRunner : XunitTestCaseRunner
{
    private readonly RecordingSession _session;

    /// <summary>Creates the runner; <paramref name="session"/> receives every result.</summary>
    public RecordingTestCaseRunner(
        IXunitTestCase testCase,
        string displayName,
        string skipReason,
        object[] constructorArguments,
        object[] testMethodArguments,
        IMessageBus messageBus,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource,
        RecordingSession session)
        : base(testCase, displayName, skipReason, constructorArguments, testMethodArguments, messageBus, aggregator, cancellationTokenSource) =>
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
