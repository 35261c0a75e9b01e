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
    /// A model batch's cells (<see cref="ModelCellTestCase"/>) run together, after any other test cases of the method:
    /// they share one plan and their rows run concurrently, as a batch's rows do.
    /// </remarks>
    protected override async Task<RunSummary> RunTestCasesAsync()
    {
        var cells = TestCases.OfType<ModelCellTestCase>().ToList();
        if (cells.Count == 0 || Method.MethodInfo.GetCustomAttribute<ModelMatrixAttribute>() is not { } matrix)
        {
            return await base.RunTestCasesAsync().ConfigureAwait(true);
        }

        var summary = new RunSummary();
        foreach (var testCase in TestCases.Where(t => t is not ModelCellTestCase))
        {
            summary.Aggregate(await RunTestCaseAsync(testCase).ConfigureAwait(true));
            if (CancellationTokenSource.IsCancellationRequested)
            {
                return summary;
            }
        }

        var batch = new RecordingModelCellsRunner(cells, matrix, Class, Method, _constructorArguments, MessageBus, Aggregator, CancellationTokenSource, _session);
        summary.Aggregate(await batch.RunAsync().ConfigureAwait(true));
        return summary;
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
