using Xunit.Abstractions;
using Xunit.Sdk;

namespace RunnerHarness.Xunit.Frameworks.Runners;

/// <summary>
/// Reports one result that is about the harness rather than a model: a batch or cell that cannot run (failed) or has
/// nothing to run (skipped, with the reason, so `dotnet test` and test explorers show why).
/// </summary>
internal static class HarnessResult
{
    /// <summary>Reports <paramref name="test"/> as skipped with <paramref name="reason"/>; cancels the run when the bus refuses.</summary>
    public static RunSummary Skip(IMessageBus messageBus, ITest test, string reason, CancellationTokenSource cancellationTokenSource)
    {
        Report(messageBus, test, new TestSkipped(test, reason), cancellationTokenSource);
        return new RunSummary { Total = 1, Skipped = 1 };
    }

    /// <summary>
    /// Reports <paramref name="test"/> as failed with <paramref name="error"/>; cancels the run when the bus refuses.
    /// Mirrors XunitTheoryTestCaseRunner.RunTest_DataDiscoveryException (xunit/xunit v2 src/xunit.execution/Sdk/Frameworks/Runners/).
    /// </summary>
    public static RunSummary Fail(IMessageBus messageBus, ITest test, Exception error, CancellationTokenSource cancellationTokenSource)
    {
        Report(messageBus, test, new TestFailed(test, 0, null, error), cancellationTokenSource);
        return new RunSummary { Total = 1, Failed = 1 };
    }

    private static void Report(IMessageBus messageBus, ITest test, ITestResultMessage result, CancellationTokenSource cancellationTokenSource)
    {
        if (!messageBus.QueueMessage(new TestStarting(test)) || !messageBus.QueueMessage(result))
        {
            cancellationTokenSource.Cancel();
        }

        if (!messageBus.QueueMessage(new TestFinished(test, 0, null)))
        {
            cancellationTokenSource.Cancel();
        }
    }
}
