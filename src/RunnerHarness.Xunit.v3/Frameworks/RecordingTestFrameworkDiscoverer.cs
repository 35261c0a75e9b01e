using RunnerHarness.Matrix;
using RunnerHarness.Settings;
using RunnerHarness.Xunit.Batches;
using Xunit.Sdk;
using Xunit.v3;

namespace RunnerHarness.Xunit.Frameworks;

/// <summary>
/// Discovers tests as xUnit v3 does, except that a model batch is listed as one <see cref="ModelCellTestCase"/> per cell of
/// its matrix (see <see cref="ModelCellDiscovery"/>, which the v2 package uses the same way), or as one
/// <see cref="ModelBatchTestCase"/>.
/// </summary>
internal sealed class RecordingTestFrameworkDiscoverer(IXunitTestAssembly testAssembly) : XunitTestFrameworkDiscoverer(testAssembly)
{
    /// <inheritdoc/>
    /// <remarks>Mirrors xunit/xunit v3 src/xunit.v3.core/Framework/XunitTestFrameworkDiscoverer.cs, with cells in place of the theory test case.</remarks>
    protected override async ValueTask<bool> FindTestsForMethod(
        IXunitTestMethod testMethod,
        ITestFrameworkDiscoveryOptions discoveryOptions,
        Func<ITestCase, ValueTask<bool>> discoveryCallback)
    {
        ArgumentNullException.ThrowIfNull(testMethod);
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(discoveryCallback);
        IReadOnlyList<MatrixSample>? cells;
        try
        {
            cells = ModelCellDiscovery.CellsOf(testMethod.Method, testMethod.TestClass.Class, Environment.GetEnvironmentVariable);
        }
        catch (HarnessSettingsException ex)
        {
            var details = TestIntrospectionHelper.GetTestCaseDetails(discoveryOptions, testMethod, testMethod.FactAttributes.First(), label: null);
#pragma warning disable CA2000 // Ownership passes to xUnit with the callback, as in xUnit's own discoverer.
            return await discoveryCallback(new ExecutionErrorTestCase(
                details.ResolvedTestMethod, details.TestCaseDisplayName, details.UniqueID, details.SourceFilePath, details.SourceLineNumber, ex.Message)).ConfigureAwait(false);
#pragma warning restore CA2000
        }

        if (testMethod.FactAttributes.Count != 1 || testMethod.FactAttributes.First() is not { Skip: null } fact || !testMethod.Method.IsDefined(typeof(ModelMatrixAttribute), inherit: false))
        {
            return await base.FindTestsForMethod(testMethod, discoveryOptions, discoveryCallback).ConfigureAwait(false);
        }

        var batch = TestIntrospectionHelper.GetTestCaseDetails(discoveryOptions, testMethod, fact, label: null);
        if (cells is null)
        {
            // Listed as one test (DiscoverCells = false, the switch, or a batch that cannot be planned, which then fails
            // with the reason when it runs), as under v2; never xUnit's theory, which would run the rows one by one.
#pragma warning disable CA2000 // Ownership passes to xUnit with the callback, as in xUnit's own discoverer.
            return await discoveryCallback(new ModelBatchTestCase(
                batch.ResolvedTestMethod, batch.TestCaseDisplayName, batch.UniqueID, batch.Explicit, TestIntrospectionHelper.GetTraits(testMethod, null),
                batch.SourceFilePath, batch.SourceLineNumber, batch.Timeout)).ConfigureAwait(false);
#pragma warning restore CA2000
        }

        foreach (var cell in cells)
        {
            var traits = TestIntrospectionHelper.GetTraits(testMethod, null);
            foreach (var (name, value) in cell.CellValues())
            {
                if (!traits.TryGetValue(name, out var values))
                {
                    traits[name] = values = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                }

                values.Add(value);
            }

#pragma warning disable CA2000 // Ownership passes to xUnit with the callback, as in xUnit's own discoverer.
            var testCase = new ModelCellTestCase(
                batch.ResolvedTestMethod, batch.TestCaseDisplayName, CellUniqueId.Of(batch.UniqueID, testMethod, cell), batch.Explicit, traits,
                batch.SourceFilePath, batch.SourceLineNumber, batch.Timeout, cell);
#pragma warning restore CA2000
            if (!await discoveryCallback(testCase).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }
}
