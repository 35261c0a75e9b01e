using System.Collections.Concurrent;
using RunnerHarness.Matrix;
using RunnerHarness.Models;
using RunnerHarness.Models.Cache;
using RunnerHarness.Models.Usage;
using RunnerHarness.Schema;
using Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace RunnerHarness.Xunit.Recording;

/// <summary>
/// The xUnit v3 messages of a <see cref="RecordingSession"/>. A v3 result message carries only ids: the class and method
/// come from the test case's starting message, the display name and traits from the test's, matched by unique id. The
/// test's method and arguments are read from <see cref="TestContext.Current"/> when its starting message passes the bus,
/// which xUnit queues on the test's own thread once the context is that test's.
/// </summary>
internal sealed partial class RecordingSession
{
    // Contexts of the tests running now, by unique id, for ModelTestContext.Current: xUnit v3 runs each test in
    // its own TestContext, which names the test; unique ids include the assembly, so one map serves every session.
    private static readonly ConcurrentDictionary<string, (ModelTestContext Context, MatrixSample? Sample)> RunningContexts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ITestCaseStarting> _testCases = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (ITestStarting Starting, TestCapture Capture)> _tests = new(StringComparer.Ordinal);

    static RecordingSession()
    {
        ModelTestContext.AmbientResolver = static () => Running()?.Context;

        // Model clients add a test's tokens, cost and infrastructure failures to the usage of the test running on their flow,
        // found the same way: xUnit v3 gives no place to enter a scope around the test body that every test passes through.
        SampleScope.AmbientResolver = static () => Running() is ({ Usage: { } usage } context, var sample)
            ? (sample, usage, context.Transcript)
            : null;
    }

    /// <summary>
    /// Gives the exception that ended the running test <paramref name="testUniqueId"/> to its context, whose record then takes
    /// the infrastructure category it stands for, if any (see <see cref="InfrastructureFailures"/>).
    /// </summary>
    public static void NoteEndingFailure(string testUniqueId, Exception exception)
    {
        if (RunningContexts.TryGetValue(testUniqueId, out var running))
        {
            running.Context.NoteFailure(exception);
        }
    }

    private static (ModelTestContext Context, MatrixSample? Sample)? Running() =>
        TestContext.Current.Test?.UniqueID is { } id && RunningContexts.TryGetValue(id, out var running) ? running : null;

    /// <summary>
    /// Records <paramref name="message"/> if it is a result and says what to queue: the message itself (or, when the store
    /// failed to take a passed result, a failure in its place) and an error to queue before it, if any. Completes the
    /// writer when the assembly finishes. Never throws: xUnit's bus must keep running.
    /// </summary>
    public (IMessageSinkMessage Forward, IMessageSinkMessage? Before) Observe(IMessageSinkMessage message)
    {
        switch (message)
        {
            case ITestCaseStarting testCase:
                _testCases[testCase.TestCaseUniqueID] = testCase;
                return (message, null);
            case ITestCaseFinished testCase:
                _testCases.TryRemove(testCase.TestCaseUniqueID, out _);
                return (message, null);
            case ITestStarting starting:
                Start(starting);
                return (message, null);
            // In v3 ITestFinished is a result message too; only these three are a test's result. A not-run explicit
            // test (ITestNotRun) is no result at all, as under v2, where it never reaches the bus.
            case ITestPassed or ITestFailed or ITestSkipped when _notRecordedTestCases.ContainsKey(((ITestResultMessage)message).TestCaseUniqueID):
                return (message, null);
            case ITestPassed or ITestFailed or ITestSkipped when Records:
                return Record((ITestResultMessage)message);
            case ITestFinished finished:
                _tests.TryRemove(finished.TestUniqueID, out _);
                RunningContexts.TryRemove(finished.TestUniqueID, out _);
                return (message, null);
            case ITestAssemblyFinished finished:
                return (message, Complete() is { } error ? ErrorMessage.FromException(error, finished.AssemblyUniqueID) : null);
            default:
                return (message, null);
        }
    }

    private void Start(ITestStarting starting)
    {
        // A test the runners never ran (a failed fixture fails every test of its class) has no context of its own.
        var test = TestContext.Current.Test as IXunitTest;
        var context = test?.UniqueID == starting.TestUniqueID ? new ModelTestContext() : null;
        MatrixSample? sample = null;
        if (context is not null)
        {
            // Every test collects its model usage, as under v2: a plain theory calling ModelClients records tokens, metrics and
            // cost as a row does. A model-batch row also makes its sample current for the model clients.
            sample = test!.TestMethodArguments.OfType<ModelCase>().FirstOrDefault()?.Sample;
            context.Usage = new SampleUsage();

            // An offline run replays on purpose (re-scoring a study into a new store, docs/models.md), so it flags nothing.
            context.FlagsReplays = sample is null && ModelSettings?.CacheMode != ResponseCacheMode.Offline;
        }

        var capture = new TestCapture
        {
            Method = context is null ? null : test!.TestMethod.Method,
            Arguments = context is null ? null : test!.TestMethodArguments,
            Context = context,
            StartedAt = DateTime.UtcNow,
        };
        _tests[starting.TestUniqueID] = (starting, capture);
        if (context is not null)
        {
            RunningContexts[starting.TestUniqueID] = (context, sample);
        }
    }

    private (IMessageSinkMessage Forward, IMessageSinkMessage? Before) Record(ITestResultMessage result)
    {
        _tests.TryGetValue(result.TestUniqueID, out var test);
        _testCases.TryGetValue(result.TestCaseUniqueID, out var testCase);
        var failed = result as ITestFailed;
        var outcome = Record(
            new ObservedResult
            {
                TestClass = testCase?.TestClassName ?? "",
                TestMethod = testCase?.TestMethodName ?? "",
                DisplayName = test.Starting?.TestDisplayName ?? testCase?.TestCaseDisplayName ?? result.TestUniqueID,
                Outcome = result switch
                {
                    ITestFailed => TestOutcome.Failed,
                    ITestSkipped => TestOutcome.Skipped,
                    _ => TestOutcome.Passed,
                },
                ExecutionTime = result.ExecutionTime,
                Output = result.Output,
                Traits = test.Starting?.Traits ?? testCase?.Traits,
                FailureType = failed?.ExceptionTypes.FirstOrDefault(),
                FailureMessage = failed is null ? null : ExceptionUtility.CombineMessages(failed),
            },
            test.Capture);
        IMessageSinkMessage forward = outcome.FailInstead is { } failure && result is ITestPassed passed ? FailedInsteadOf(passed, failure) : result;
        return (forward, outcome.StoreError is { } error ? ErrorMessage.FromException(error, result.AssemblyUniqueID) : null);
    }

    private static TestFailed FailedInsteadOf(ITestPassed passed, Exception failure)
    {
        var (types, messages, stackTraces, indices, cause) = ExceptionUtility.ExtractMetadata(failure);
        return new TestFailed
        {
            AssemblyUniqueID = passed.AssemblyUniqueID,
            Cause = cause,
            ExceptionParentIndices = indices,
            ExceptionTypes = types,
            ExecutionTime = passed.ExecutionTime,
            FinishTime = passed.FinishTime,
            Messages = messages,
            Output = passed.Output,
            StackTraces = stackTraces,
            TestCaseUniqueID = passed.TestCaseUniqueID,
            TestClassUniqueID = passed.TestClassUniqueID,
            TestCollectionUniqueID = passed.TestCollectionUniqueID,
            TestMethodUniqueID = passed.TestMethodUniqueID,
            TestUniqueID = passed.TestUniqueID,
            Warnings = passed.Warnings,
        };
    }
}
