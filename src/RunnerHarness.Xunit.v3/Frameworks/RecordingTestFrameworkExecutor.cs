using RunnerHarness.Xunit.Frameworks.Runners;
using RunnerHarness.Xunit.Recording;
using RunnerHarness.Xunit.TestingPlatform;
using Xunit;
using Xunit.Sdk;
using Xunit.v3;

namespace RunnerHarness.Xunit.Frameworks;

/// <summary>
/// Runs test cases through <see cref="RecordingTestAssemblyRunner"/>: resolves the harness settings, opens the store's
/// writer and keeps the test cases of this process's shard.
/// </summary>
internal sealed class RecordingTestFrameworkExecutor(IXunitTestAssembly testAssembly) : XunitTestFrameworkExecutor(testAssembly)
{
    /// <inheritdoc/>
    public override async ValueTask RunTestCases(
        IReadOnlyCollection<IXunitTestCase> testCases,
        IMessageSink executionMessageSink,
        ITestFrameworkExecutionOptions executionOptions,
        CancellationToken cancellationToken)
    {
        // Under Microsoft.Testing.Platform its extension has handed over the run's options and testconfig.json section.
        var testingPlatform = TestingPlatformRun.Current;
        using var session = RecordingSession.Start(
            TestAssembly.Assembly, new HarnessAnnouncer(TestContext.Current, testingPlatform?.Display), testingPlatform?.Routes);
        if (session.Settings?.Shard is { } shard)
        {
            testCases = ShardedTestCases.Select(testCases, shard, out var description);
            session.Announcer.Info(description);
        }

        session.SelectCells(testCases);
        await RecordingTestAssemblyRunner.Instance.Run(session, TestAssembly, testCases, executionMessageSink, executionOptions, cancellationToken).ConfigureAwait(false);
    }
}
