using System.Reflection;
using RunnerHarness.Xunit.Recording;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>
/// The method runner: runs xUnit's own fact and theory test cases with the recording test case runners, so
/// each test gets its <see cref="ModelTestContext"/> and its arguments are captured even for theory rows
/// enumerated at run time. Other test case types (custom discoverers) run their own way; their results
/// are still recorded, with the arguments their messages carry.
/// </summary>
internal sealed class RecordingTestMethodRunner : XunitTestMethodRunner
{
    private readonly IMessageSink _diagnosticMessageSink;
    private readonly object[] _constructorArguments;
    private readonly RecordingSession _session;

    /// <summary>Creates the runner; <paramref name="session"/> receives every result.</summary>
    public RecordingTestMethodRunner(
        ITestMethod testMethod,
        IReflectionTypeInfo @class,
        IReflectionMethodInfo method,
        IEnumerable<IXunitTestCase> testCases,
        IMessageSink diagnosticMessageSink,
        IMessageBus messageBus,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource,
        object[] constructorArguments,
        RecordingSession session)
        : base(testMethod, @class, method, testCases, diagnosticMessageSink, messageBus, aggregator, cancellationTokenSource, constructorArguments)
    {
        _diagnosticMessageSink = diagnosticMessageSink;
        _constructorArguments = constructorArguments;
        _session = session ?? throw new ArgumentNullException(nameof(session));
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Mirrors XunitTestMethodRunner.RunTestCaseAsync and the RunAsync of XunitTestCase and XunitTheoryTestCase
    /// (xunit/xunit v2 src/xunit.execution/Sdk/Frameworks/). Only the exact xUnit types are taken over: a
    /// subclass may override RunAsync, and bypassing it would change what the test does.
    /// </remarks>
    protected override Task<RunSummary> RunTestCaseAsync(IXunitTestCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var type = testCase.GetType();
        if (type == typeof(XunitTheoryTestCase)
            && (TestCase(testCase)?.GetCustomAttribute<ModelMatrixAttribute>() is { } matrix))
        {
            return new RecordingModelBatchTestCaseRunner(
                testCase, testCase.DisplayName, testCase.SkipReason, _constructorArguments,
                MessageBus, new ExceptionAggregator(Aggregator), CancellationTokenSource, _session, matrix).RunAsync();
        }

        if (type == typeof(XunitTheoryTestCase))
        {
            return new RecordingTheoryTestCaseRunner(
                testCase, testCase.DisplayName, testCase.SkipReason, _constructorArguments, _diagnosticMessageSink,
                MessageBus, new ExceptionAggregator(Aggregator), CancellationTokenSource, _session).RunAsync();
        }

        if (type == typeof(XunitTestCase) || type == typeof(XunitSkippedDataRowTestCase))
        {
            return new RecordingTestCaseRunner(
                testCase, testCase.DisplayName, testCase.SkipReason, _constructorArguments, testCase.TestMethodArguments,
                MessageBus, new ExceptionAggregator(Aggregator), CancellationTokenSource, _session).RunAsync();
        }

        return base.RunTestCaseAsync(testCase);
    }

    private static MethodInfo? TestCase(IXunitTestCase testCase) => (testCase.TestMethod.Method as IReflectionMethodInfo)?.MethodInfo;
}
