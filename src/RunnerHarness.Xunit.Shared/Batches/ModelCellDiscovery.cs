using System.Reflection;
using RunnerHarness.Matrix;
using RunnerHarness.Settings;
using RunnerHarness.Xunit.Configuration;
using Xunit;
#if XUNIT_V3
using DataAttribute = Xunit.v3.IDataAttribute;
#else
using DataAttribute = Xunit.Sdk.DataAttribute;
#endif

namespace RunnerHarness.Xunit.Batches;

/// <summary>
/// Decides at discovery whether a model batch is listed one test per cell, and which cells: the matrix after its
/// exclusions, without the run's filters, target, shard or store (those apply when the cells run, and an IDE may
/// discover in another environment than it runs in). Discovery reads no store and plans no samples.
/// </summary>
internal static class ModelCellDiscovery
{
    /// <summary>The environment variable that, set to <c>false</c>, lists every model batch of the run as one test.</summary>
    public const string SwitchVariable = "RUNNER_HARNESS_DISCOVER_CELLS";

    /// <summary>
    /// The cells to list for <paramref name="method"/> of <paramref name="testClass"/>, or <see langword="null"/> when the method
    /// is not listed per cell: not a model batch, a skipped theory, a batch listed as one test
    /// (<see cref="ModelMatrixAttribute.DiscoverCells"/>, <see cref="SwitchVariable"/>), or a batch that cannot be planned (it
    /// fails with the reason when it runs). Each generation's discoverer lists the cells as its own test cases.
    /// </summary>
    /// <exception cref="HarnessSettingsException"><see cref="SwitchVariable"/> has a value other than <c>true</c> or <c>false</c>.</exception>
    public static IReadOnlyList<MatrixSample>? CellsOf(MethodInfo method, Type testClass, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(testClass);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        if (method.GetCustomAttribute<ModelMatrixAttribute>() is not { } attribute)
        {
            return null;
        }

        if (!attribute.DiscoverCells || !SwitchAllowsCells(getEnvironmentVariable(SwitchVariable))
            || method.GetCustomAttribute<FactAttribute>() is not { Skip: null }
            || method.GetCustomAttributes().OfType<DataAttribute>().Any(a => a is not ModelMatrixAttribute)
            || method.GetParameters() is not [{ ParameterType: var parameter }] || parameter != typeof(ModelCase))
        {
            return null;
        }

        try
        {
            var batch = $"{testClass.FullName}.{method.Name}";
            var matrix = attribute.ToDefinition(HarnessSettingsLoader.ProjectDirectoryOf(testClass.Assembly), batch);
            return matrix.Expand(MatrixFilter.None, 1).Rows;
        }
        catch (MatrixDefinitionException)
        {
            return null;
        }
    }

    private static bool SwitchAllowsCells(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "true" => true,
        "false" => false,
        _ => throw new HarnessSettingsException(
            $"RunnerHarness: environment variable {SwitchVariable} has the invalid value '{value}'. Valid values: true (list one test per cell, the default), false (list each model batch as one test)."),
    };
}
