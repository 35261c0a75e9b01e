using System.Reflection;
using RunnerHarness.Xunit.Frameworks.Runners;
using RunnerHarness.Xunit.Recording;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RunnerHarness.Xunit.Frameworks;

/// <summary>
/// Runs test cases through the recording runners: resolves the harness settings, opens the store's writer,
/// keeps the test cases of this process's shard, and hands them to <see cref="RecordingTestAssemblyRunner"/>.
/// </summary>
internal sealed class RecordingTestFrameworkExecutor : XunitTestFrameworkExecutor
{
    /// <summary>Creates the executor for <paramref name="assemblyName"/>.</summary>
    public RecordingTestFrameworkExecutor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : base(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
    }

    /// <inheritdoc/>
    /// <remarks>Mirrors xunit/xunit v2 src/xunit.execution/Sdk/Frameworks/XunitTestFrameworkExecutor.cs, with the recording runner.</remarks>
    protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
    {
        var assembly = ((IReflectionAssemblyInfo)TestAssembly.Assembly).Assembly;
        using var session = RecordingSession.Start(assembly, new HarnessAnnouncer(DiagnosticMessageSink));
        if (session.Settings?.Shard is { } shard)
        {
            testCases = ShardedTestCases.Select(testCases, shard, out var description);
            session.Announcer.Info(description);
        }

        using var assemblyRunner = new RecordingTestAssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions, session);
        await assemblyRunner.RunAsync();
    }
}
