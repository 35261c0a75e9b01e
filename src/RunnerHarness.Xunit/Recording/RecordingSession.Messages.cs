using System.Collections.Concurrent;
using System.Reflection;
using RunnerHarness.Schema;
using RunnerHarness.Xunit.Frameworks;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RunnerHarness.Xunit.Recording;

/// <summary>The xUnit v2 messages of a <see cref="RecordingSession"/>: a v2 result message carries its test object, which keys the captures.</summary>
internal sealed partial class RecordingSession
{
    private readonly ConcurrentDictionary<ITest, TestCapture> _captures = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<ITest, bool> _notRecorded = new(ReferenceEqualityComparer.Instance);

    /// <summary>Remembers the method, arguments and context of <paramref name="test"/> until its result arrives.</summary>
    public void Register(ITest test, MethodInfo method, object?[]? arguments, ModelTestContext context) =>
        _captures[test] = new TestCapture { Method = method, Arguments = arguments, Context = context };

    /// <summary>Leaves <paramref name="test"/>'s result out of the store: it reports on the harness (a finished batch), not on a model.</summary>
    public void DoNotRecord(ITest test) => _notRecorded[test] = true;

    /// <summary>
    /// Records <paramref name="message"/> if it is a result and says what to queue: the message itself (or, when
    /// the store failed to take a passed result, a failure in its place) and an error to queue before it, if any.
    /// Completes the writer when the assembly finishes. Never throws: xUnit's bus must keep running.
    /// </summary>
    public (IMessageSinkMessage Forward, IMessageSinkMessage? Before) Observe(IMessageSinkMessage message)
    {
        switch (message)
        {
            case ITestStarting starting:
                _captures.GetOrAdd(starting.Test, static _ => new TestCapture()).StartedAt = DateTime.UtcNow;
                return (message, null);
            case ITestResultMessage result when _notRecorded.TryRemove(result.Test, out _):
                return (message, null);
            case ITestResultMessage result when Records:
                return Record(result);
            case ITestFinished finished:
                _captures.TryRemove(finished.Test, out _);
                return (message, null);
            case ITestAssemblyFinished:
                return (message, Complete() is { } error ? new ErrorMessage([], error) : null);
            default:
                return (message, null);
        }
    }

    private (IMessageSinkMessage Forward, IMessageSinkMessage? Before) Record(ITestResultMessage result)
    {
        var test = result.Test;
        var testCase = test.TestCase;
        _captures.TryGetValue(test, out var capture);
        var failed = result as ITestFailed;
        var outcome = Record(
            new ObservedResult
            {
                TestClass = testCase.TestMethod.TestClass.Class.Name,
                TestMethod = testCase.TestMethod.Method.Name,
                DisplayName = test.DisplayName,
                Outcome = result switch
                {
                    ITestFailed => TestOutcome.Failed,
                    ITestSkipped => TestOutcome.Skipped,
                    _ => TestOutcome.Passed,
                },
                ExecutionTime = result.ExecutionTime,
                Output = result.Output,
                // A cell's axis traits are for selecting tests; its record holds the axes in their columns, and only declared traits as traits.
                Traits = DeclaredTraits(testCase),
                Arguments = testCase.TestMethodArguments,
                Method = (testCase.TestMethod.Method as IReflectionMethodInfo)?.MethodInfo,
                FailureType = failed?.ExceptionTypes.FirstOrDefault(),
                FailureMessage = failed is null ? null : ExceptionUtility.CombineMessages(failed),
            },
            capture);
        IMessageSinkMessage forward = outcome.FailInstead is { } failure && result is ITestPassed passed
            ? new TestFailed(passed.Test, passed.ExecutionTime, passed.Output, failure)
            : result;
        return (forward, outcome.StoreError is { } error ? new ErrorMessage([], error) : null);
    }

    // Most tests declare no trait: those get no dictionary, which was copied for every result before.
    private static Dictionary<string, IReadOnlyCollection<string>>? DeclaredTraits(ITestCase testCase)
    {
        var traits = testCase is ModelCellTestCase cell ? cell.DeclaredTraits : testCase.Traits;
        return traits is { Count: > 0 } ? traits.ToDictionary(t => t.Key, t => (IReadOnlyCollection<string>)t.Value, StringComparer.Ordinal) : null;
    }
}
