using RunnerHarness.Matrix;
using Xunit.Sdk;
using Xunit.v3;

namespace RunnerHarness.Xunit.Frameworks;

/// <summary>
/// What xUnit's <see cref="XunitTestCase"/> writes of a <see cref="ModelCellTestCase"/>, less what the cell
/// rebuilds when it is deserialized: the unique id (made from the test method and the cell, written empty because xUnit
/// requires the value) and the cell's axis traits (only the traits the test declares itself are written). Under VSTest
/// each listed test's serialization travels from the test process through the test host to <c>vstest.console</c>; these two
/// were 340 of its 4,012 characters.
/// </summary>
internal sealed class CellTestCaseSerializationInfo(IXunitSerializationInfo info, Dictionary<string, HashSet<string>> traits, MatrixSample cell) : IXunitSerializationInfo
{
    // The keys xUnit's XunitTestCase.Serialize writes them under (xunit/xunit v3 src/xunit.v3.core/ObjectModel/XunitTestCase.cs).
    private const string UniqueIdKey = "id";
    private const string TraitsKey = "tr";

    /// <inheritdoc/>
    public void AddValue(string key, object? value, Type? valueType = null)
    {
        switch (key)
        {
            case UniqueIdKey:
                info.AddValue(key, string.Empty, typeof(string));
                break;
            case TraitsKey:
                if (DeclaredTraits() is { Count: > 0 } declared)
                {
                    info.AddValue(key, declared, valueType);
                }

                break;
            default:
                info.AddValue(key, value, valueType);
                break;
        }
    }

    /// <inheritdoc/>
    public object? GetValue(string key) => info.GetValue(key);

    // The traits without the cell's axis values; a trait the test declares with the same name and value as an axis is left
    // out too, and comes back with the axis.
    private Dictionary<string, HashSet<string>> DeclaredTraits()
    {
        var declared = new Dictionary<string, HashSet<string>>(traits.Comparer);
        var axes = cell.CellValues().ToLookup(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in traits)
        {
            var kept = new HashSet<string>(values.Where(v => !axes[name].Contains(v, values.Comparer)), values.Comparer);
            if (kept.Count > 0)
            {
                declared[name] = kept;
            }
        }

        return declared;
    }
}
