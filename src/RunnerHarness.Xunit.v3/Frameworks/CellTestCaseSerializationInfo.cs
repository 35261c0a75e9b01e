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
                if (DeclaredTraits() is { } declared)
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

    // The traits without the cell's axis values, null when none is left (the usual case: a batch declares no trait). A trait
    // the test declares with the same name and value as an axis is left out too, and comes back with the axis. Names and
    // values compare ordinally: xUnit files an axis under a declared trait spelled in another case ("Model"), and only the
    // exact spelling comes back the same when deserialization adds the axis again.
    private Dictionary<string, HashSet<string>>? DeclaredTraits()
    {
        var axes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in cell.CellValues())
        {
            axes.TryAdd(name, value);
        }

        Dictionary<string, HashSet<string>>? declared = null;
        foreach (var (name, values) in traits)
        {
            var axisValue = axes.GetValueOrDefault(name);
            foreach (var value in values)
            {
                if (axisValue is not null && string.Equals(value, axisValue, StringComparison.Ordinal))
                {
                    continue;
                }

                declared ??= new Dictionary<string, HashSet<string>>(traits.Comparer);
                if (!declared.TryGetValue(name, out var kept))
                {
                    declared[name] = kept = new HashSet<string>(values.Comparer);
                }

                kept.Add(value);
            }
        }

        return declared;
    }
}
