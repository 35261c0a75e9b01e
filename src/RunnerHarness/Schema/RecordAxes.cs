using System.Globalization;

namespace RunnerHarness.Schema;

/// <summary>
/// The axis table: the fixed axes of a model test matrix, in cell order (model, provider, prompt type, difficulty,
/// task type, tool success rate, flaw type), the sample index, then the dataset item and its version (added in record format
/// 3, after the sample index as the record declares them; they are cell axes, listed in cells after the flaw type). Record dimensions and filters
/// (<see cref="RecordDimensions"/>), theory argument mapping, matrix samples and their case keys, and the Parquet
/// columns all derive from it; the typed properties of the public types (the record, a matrix sample, a model case,
/// the matrix attribute) are checked against it by tests.
/// </summary>
public static class RecordAxes
{
    /// <summary>The <c>model</c> column: the model under test.</summary>
    public static RecordAxis Model => ModelAxis;

    /// <summary>The <c>provider</c> column: the provider serving the model.</summary>
    public static RecordAxis Provider => ProviderAxis;

    /// <summary>The <c>prompt_type</c> column.</summary>
    public static RecordAxis PromptType => PromptTypeAxis;

    /// <summary>The <c>difficulty</c> column.</summary>
    public static RecordAxis Difficulty => DifficultyAxis;

    /// <summary>The <c>task_type</c> column.</summary>
    public static RecordAxis TaskType => TaskTypeAxis;

    /// <summary>The <c>tool_success_rate</c> column: a number from 0 to 1, as text to three decimals.</summary>
    public static RecordAxis ToolSuccessRate => ToolSuccessRateAxis;

    /// <summary>The <c>flaw_type</c> column.</summary>
    public static RecordAxis FlawType => FlawTypeAxis;

    /// <summary>The <c>item</c> column: the <c>id</c> of a dataset item (<c>docs/datasets.md</c>).</summary>
    public static RecordAxis Item => ItemAxis;

    /// <summary>
    /// The <c>item_hash</c> column: the version of the dataset item, a hash of its content. A cell axis so that it is part
    /// of the case key, but not declared by a matrix: a cell's item decides it.
    /// </summary>
    public static RecordAxis ItemHash => ItemHashAxis;

    /// <summary>The <c>sample_index</c> column: the sample number within a cell, from 0; not a cell axis.</summary>
    public static RecordAxis SampleIndex => SampleIndexAxis;

    internal static TypedRecordAxis<string?> ModelAxis { get; } = Text(RecordColumns.Model, "models", r => r.Model, (b, v) => b.Model = v);

    internal static TypedRecordAxis<string?> ProviderAxis { get; } = Text(RecordColumns.Provider, "providers", r => r.Provider, (b, v) => b.Provider = v);

    internal static TypedRecordAxis<string?> PromptTypeAxis { get; } = Text(RecordColumns.PromptType, "prompt types", r => r.PromptType, (b, v) => b.PromptType = v);

    internal static TypedRecordAxis<string?> DifficultyAxis { get; } = Text(RecordColumns.Difficulty, "difficulties", r => r.Difficulty, (b, v) => b.Difficulty = v);

    internal static TypedRecordAxis<string?> TaskTypeAxis { get; } = Text(RecordColumns.TaskType, "task types", r => r.TaskType, (b, v) => b.TaskType = v);

    internal static TypedRecordAxis<double?> ToolSuccessRateAxis { get; } = new(
        RecordColumns.ToolSuccessRate,
        "tool success rates",
        isCellAxis: true,
        r => r.ToolSuccessRate,
        (b, v) => b.ToolSuccessRate = v,
        v => v is { } rate ? RecordDimensions.FormatRate(rate) : null,
        v => v?.ToString("R", CultureInfo.InvariantCulture),
        t => double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture),
        ToRate);

    internal static TypedRecordAxis<string?> FlawTypeAxis { get; } = Text(RecordColumns.FlawType, "flaw types", r => r.FlawType, (b, v) => b.FlawType = v);

    internal static TypedRecordAxis<string?> ItemAxis { get; } = Text(RecordColumns.Item, "items", r => r.Item, (b, v) => b.Item = v);

    internal static TypedRecordAxis<string?> ItemHashAxis { get; } = Text(RecordColumns.ItemHash, "item versions", r => r.ItemHash, (b, v) => b.ItemHash = v);

    internal static TypedRecordAxis<int?> SampleIndexAxis { get; } = new(
        RecordColumns.SampleIndex,
        "sample indices",
        isCellAxis: false,
        r => r.SampleIndex,
        (b, v) => b.SampleIndex = v,
        v => v?.ToString(CultureInfo.InvariantCulture),
        v => v?.ToString(CultureInfo.InvariantCulture),
        t => int.Parse(t, NumberStyles.Integer, CultureInfo.InvariantCulture),
        ToIndex);

    /// <summary>Every fixed axis, in the record's declaration order: the cell axes with the sample index before the dataset item's two.</summary>
    public static IReadOnlyList<RecordAxis> All { get; } = Numbered(
        [ModelAxis, ProviderAxis, PromptTypeAxis, DifficultyAxis, TaskTypeAxis, ToolSuccessRateAxis, FlawTypeAxis, SampleIndexAxis, ItemAxis, ItemHashAxis]);

    /// <summary>The axes of a matrix cell (all but the sample index), in the order a cell's values and case key list them.</summary>
    public static IReadOnlyList<RecordAxis> CellAxes { get; } = [.. All.Where(a => a.IsCellAxis)];

    private static readonly Dictionary<string, RecordAxis> ByColumn = All.ToDictionary(a => a.Column, StringComparer.Ordinal);

    /// <summary>The axis of <paramref name="column"/>, or <see langword="null"/> when the column is not an axis (a custom dimension, say).</summary>
    public static RecordAxis? Find(string column) => ByColumn.GetValueOrDefault(column);

    private static TypedRecordAxis<string?> Text(
        string column, string label, Func<IRecordAxisValues, string?> get, Action<ResultRecordBuilder, string?> set) =>
        new(column, label, isCellAxis: true, get, set, v => v, v => v, t => t, ToText);

    private static RecordAxis[] Numbered(RecordAxis[] axes)
    {
        for (var i = 0; i < axes.Length; i++)
        {
            axes[i].Ordinal = i;
        }

        return axes;
    }

    private static (bool, string?) ToText(object value) => value switch
    {
        string text => (true, text),
        IFormattable formattable => (true, formattable.ToString(null, CultureInfo.InvariantCulture)), // enums too: their names
        _ => (false, null),
    };

    private static (bool, double?) ToRate(object value) => value switch
    {
        double d => (true, d),
        float f => (true, f),
        decimal m => (true, (double)m),
        int or long or short or byte => (true, Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => (true, d),
        _ => (false, null),
    };

    private static (bool, int?) ToIndex(object value) => value switch
    {
        int i => (true, i),
        short or byte or sbyte or ushort => (true, Convert.ToInt32(value, CultureInfo.InvariantCulture)),
        long l when l is >= int.MinValue and <= int.MaxValue => (true, (int)l),
        string s when int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => (true, i),
        _ => (false, null),
    };
}
