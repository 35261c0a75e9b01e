using RunnerHarness.Settings;
using RunnerHarness.Xunit.Batches;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RunnerHarness.Xunit.Frameworks;

/// <summary>
/// Discovers tests as xUnit does, except that a model batch is listed as one <see cref="ModelCellTestCase"/> per cell of
/// its matrix (see <see cref="ModelCellDiscovery"/>).
/// </summary>
internal sealed class RecordingTestFrameworkDiscoverer(IAssemblyInfo assemblyInfo, ISourceInformationProvider sourceProvider, IMessageSink diagnosticMessageSink)
    : XunitTestFrameworkDiscoverer(assemblyInfo, sourceProvider, diagnosticMessageSink)
{
    /// <inheritdoc/>
    /// <remarks>Mirrors xunit/xunit v2 src/xunit.execution/Sdk/Frameworks/XunitTestFrameworkDiscoverer.cs, with cells in place of the theory test case.</remarks>
    protected override bool FindTestsForMethod(ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
    {
        ArgumentNullException.ThrowIfNull(testMethod);
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        IReadOnlyList<Matrix.MatrixSample>? cells = null;
        IReflectionMethodInfo? reflectionMethod = null;
        try
        {
            if (testMethod.Method is IReflectionMethodInfo { MethodInfo: var method } reflected && testMethod.TestClass.Class is IReflectionTypeInfo { Type: var testClass })
            {
                reflectionMethod = reflected;
                cells = ModelCellDiscovery.CellsOf(method, testClass, Environment.GetEnvironmentVariable);
            }
        }
        catch (HarnessSettingsException ex)
        {
            return ReportDiscoveredTestCase(new ExecutionErrorTestCase(DiagnosticMessageSink, display, displayOptions, testMethod, ex.Message), includeSourceInformation, messageBus);
        }

        if (cells is null || reflectionMethod is null)
        {
            return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
        }

        // The batch's cells share one method whose attributes are read once, not once per cell (see AttributeCachingMethodInfo).
        var batchMethod = new TestMethod(testMethod.TestClass, new AttributeCachingMethodInfo(reflectionMethod));
        foreach (var cell in cells)
        {
            if (!ReportDiscoveredTestCase(new ModelCellTestCase(DiagnosticMessageSink, display, displayOptions, batchMethod, cell), includeSourceInformation, messageBus))
            {
                return false;
            }
        }

        return true;
    }
}
