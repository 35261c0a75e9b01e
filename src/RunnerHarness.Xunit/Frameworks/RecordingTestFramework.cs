using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RunnerHarness.Xunit.Frameworks;

/// <summary>
/// The xUnit v2 test framework that records every test result into the RunnerHarness store. Registered
/// by the package's MSBuild files with <c>[assembly: Xunit.TestFramework("RunnerHarness.Xunit.Frameworks.RecordingTestFramework", "RunnerHarness.Xunit")]</c>
/// unless the project sets <c>RunnerHarnessDisableFramework</c> to <c>true</c>.
/// </summary>
/// <remarks>
/// The constructor never throws: xUnit silently falls back to its default framework when it does, and a
/// run would then record nothing. Settings are resolved when tests run, where a bad value fails every test.
/// </remarks>
public sealed class RecordingTestFramework : XunitTestFramework
{
    /// <summary>Creates the framework; called by xUnit with its diagnostic message sink.</summary>
    public RecordingTestFramework(IMessageSink messageSink)
        : base(messageSink)
    {
    }

    /// <inheritdoc/>
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new RecordingTestFrameworkDiscoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    /// <inheritdoc/>
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new RecordingTestFrameworkExecutor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);
}
