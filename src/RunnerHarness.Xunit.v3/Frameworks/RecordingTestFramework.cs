using System.Reflection;
using Xunit.v3;

namespace RunnerHarness.Xunit.Frameworks;

/// <summary>
/// The xUnit v3 test framework that records every test result into the RunnerHarness store. Registered by the
/// package's MSBuild files with <c>[assembly: Xunit.TestFramework(typeof(RunnerHarness.Xunit.Frameworks.RecordingTestFramework))]</c>
/// unless the project sets <c>RunnerHarnessDisableFramework</c> to <c>true</c>.
/// </summary>
/// <remarks>
/// Settings are resolved when tests run, where a bad value fails every test. Discovery is xUnit's own, except that a model
/// batch is listed one test case per cell (<see cref="RecordingTestFrameworkDiscoverer"/>).
/// </remarks>
public sealed class RecordingTestFramework : XunitTestFramework
{
    /// <summary>Creates the framework; xUnit v3 calls the parameterless constructor.</summary>
    public RecordingTestFramework()
    {
    }

    /// <inheritdoc/>
    protected override ITestFrameworkDiscoverer CreateDiscoverer(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return new RecordingTestFrameworkDiscoverer(TestAssemblyOf(assembly));
    }

    /// <inheritdoc/>
    protected override ITestFrameworkExecutor CreateExecutor(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return new RecordingTestFrameworkExecutor(TestAssemblyOf(assembly));
    }

    private static XunitTestAssembly TestAssemblyOf(Assembly assembly) =>
        new(assembly, null, null, null, null, null, assembly.GetName().Version);
}
