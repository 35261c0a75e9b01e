using System.Text.Json;
using RunnerHarness.Matrix;
using RunnerHarness.Schema;
#if XUNIT_V3
using Xunit.Sdk;
#else
using Xunit.Abstractions;
#endif

namespace RunnerHarness.Xunit.Batches;

/// <summary>
/// How a listed cell travels in its test case's xUnit serialization: its set axis values as one JSON object by record
/// column, its custom axes as a second one when it has any. Discovery serializes every cell it lists and sends the text
/// to the test explorer, so it is kept small: a nested <see cref="ModelCase"/> wrote all fifteen of its fields, unset ones
/// included, base64-encoded twice, and made the 20,000-cell listing send 400 bytes more per cell than plain xUnit rows.
/// Unset axes, a sample index of 0 and the dataset item's fields (its id and hash are axes) are not written.
/// </summary>
internal static class SerializedCell
{
    private const string AxesKey = "CellAxes";
    private const string DimensionsKey = "CellDimensions";

    /// <summary>Adds <paramref name="cell"/> to <paramref name="info"/>.</summary>
    public static void Add(IXunitSerializationInfo info, MatrixSample cell)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(cell);
        var axes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var axis in RecordAxes.All)
        {
            // A listed cell's sample index is always 0, the value a cell read back without one gets.
            if (axis == RecordAxes.SampleIndex && cell.SampleIndex == 0)
            {
                continue;
            }

            if (axis.Format(cell.ValueOf(axis)) is { } text)
            {
                axes[axis.Column] = text;
            }
        }

        info.AddValue(AxesKey, JsonSerializer.Serialize(axes, ModelCaseJsonContext.Default.DictionaryStringString));
        if (cell.Dimensions.Count > 0)
        {
            info.AddValue(DimensionsKey, JsonSerializer.Serialize(cell.Dimensions.ToDictionary(), ModelCaseJsonContext.Default.DictionaryStringString));
        }
    }

    /// <summary>The cell <see cref="Add"/> wrote to <paramref name="info"/>, without its dataset item's fields.</summary>
    /// <exception cref="InvalidOperationException">The serialization holds no cell (a test case serialized by another version of RunnerHarness).</exception>
    public static MatrixSample Get(IXunitSerializationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var axesJson = info.GetValue<string>(AxesKey)
            ?? throw new InvalidOperationException($"RunnerHarness: a serialized model cell test case has no '{AxesKey}' value; it was discovered by another version of RunnerHarness. Rebuild the test project and discover its tests again.");
        var axes = JsonSerializer.Deserialize(axesJson, ModelCaseJsonContext.Default.DictionaryStringString) ?? [];
        var dimensions = info.GetValue<string>(DimensionsKey) is { } dimensionsJson
            ? JsonSerializer.Deserialize(dimensionsJson, ModelCaseJsonContext.Default.DictionaryStringString) ?? []
            : [];
        var cell = new MatrixSample { Dimensions = new SortedDictionary<string, string>(dimensions, StringComparer.Ordinal) };
        foreach (var axis in RecordAxes.All)
        {
            if (axes.TryGetValue(axis.Column, out var text))
            {
                cell = cell.With(axis, axis.Parse(text));
            }
        }

        return cell;
    }
}
