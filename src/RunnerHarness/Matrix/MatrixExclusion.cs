using RunnerHarness.Schema;

namespace RunnerHarness.Matrix;

/// <summary>
/// A partial cell pattern: a cell is excluded when it has every value the pattern names, whatever its other
/// values, e.g. <c>MatrixExclusion.Where("model", "gpt-5-mini").And("difficulty", "very_hard")</c>.
/// Axis names are the record column names (<c>model</c>, <c>provider</c>, <c>prompt_type</c>, <c>difficulty</c>,
/// <c>task_type</c>, <c>tool_success_rate</c>, <c>flaw_type</c>) or a custom axis name. Values compare exactly
/// (ordinal), as cell identity does; a number axis (a tool success rate) compares by its number.
/// </summary>
public sealed class MatrixExclusion
{
    private readonly SortedDictionary<string, string> _values;

    private MatrixExclusion(SortedDictionary<string, string> values) => _values = values;

    /// <summary>The pattern's axis names and values.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>A pattern matching cells whose <paramref name="axis"/> is <paramref name="value"/>.</summary>
    public static MatrixExclusion Where(string axis, string value) => new MatrixExclusion(new(StringComparer.Ordinal)).And(axis, value);

    /// <summary>A pattern matching cells with every value of <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException">The pattern is empty, or an axis name or value is blank.</exception>
    public static MatrixExclusion Of(IEnumerable<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var exclusion = new MatrixExclusion(new(StringComparer.Ordinal));
        foreach (var (axis, value) in values)
        {
            exclusion = exclusion.And(axis, value);
        }

        return exclusion._values.Count > 0 ? exclusion : throw new ArgumentException("An exclusion needs at least one axis value.", nameof(values));
    }

    /// <summary>This pattern, also requiring <paramref name="axis"/> to be <paramref name="value"/>. Does not change this instance.</summary>
    /// <exception cref="ArgumentException">The axis name or value is blank, or the pattern already names the axis.</exception>
    public MatrixExclusion And(string axis, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(axis);
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (_values.ContainsKey(axis))
        {
            throw new ArgumentException($"The exclusion already names the axis '{axis}'.", nameof(axis));
        }

        var values = new SortedDictionary<string, string>(_values, StringComparer.Ordinal) { [axis] = Normalize(axis, value) };
        return new MatrixExclusion(values);
    }

    /// <summary>Whether <paramref name="modelCase"/>'s cell has every value of this pattern.</summary>
    public bool Matches(MatrixSample modelCase)
    {
        ArgumentNullException.ThrowIfNull(modelCase);
        var cell = modelCase.CellValues().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return _values.All(p => cell.TryGetValue(p.Key, out var value) && string.Equals(value, p.Value, StringComparison.Ordinal));
    }

    /// <summary>The pattern as <c>model=gpt-5-mini, difficulty=very_hard</c>.</summary>
    public override string ToString() => string.Join(", ", _values.Select(p => $"{p.Key}={p.Value}"));

    // A number axis's value is part of the cell identity in its cell text (a rate as "0.###", see MatrixSample.CellValues),
    // so "0.80" must match 0.8; the axis table says which axes are numbers and how their text reads.
    private static string Normalize(string axis, string value) =>
        RecordAxes.Find(axis) is { IsNumeric: true } number && number.TryConvert(value, out var parsed)
            ? number.ValueText(parsed) ?? value
            : value;
}
