using System.Collections;
using System.Globalization;
using System.Reflection;
using RunnerHarness.Schema;

namespace RunnerHarness.Xunit.Recording;

/// <summary>
/// Maps theory arguments to record columns by parameter name: names like the schema's dimension columns
/// (camelCase or snake_case) fill those columns, a <see cref="ModelCase"/> fills them from its properties,
/// and anything else goes to <c>dimensions</c> under the parameter's own name.
/// </summary>
internal static class ArgumentColumns
{
    private static readonly Dictionary<string, Func<ResultRecord, object, bool>> Columns = new(StringComparer.Ordinal)
    {
        ["model"] = (r, v) => SetText(v, t => r.Model = t),
        ["provider"] = (r, v) => SetText(v, t => r.Provider = t),
        ["prompttype"] = (r, v) => SetText(v, t => r.PromptType = t),
        ["difficulty"] = (r, v) => SetText(v, t => r.Difficulty = t),
        ["tasktype"] = (r, v) => SetText(v, t => r.TaskType = t),
        ["flawtype"] = (r, v) => SetText(v, t => r.FlawType = t),
        ["toolsuccessrate"] = (r, v) => TryDouble(v, out var d) && Assign(() => r.ToolSuccessRate = d),
        ["sampleindex"] = (r, v) => TryInt(v, out var i) && Assign(() => r.SampleIndex = i),
    };

    /// <summary>Fills <paramref name="record"/> from the arguments of <paramref name="parameters"/>.</summary>
    public static void Apply(ResultRecord record, IReadOnlyList<ParameterInfo> parameters, IReadOnlyList<object?> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            // A params array or a mismatch leaves arguments without a parameter; keep them by position.
            var name = i < parameters.Count && parameters[i].Name is { Length: > 0 } n ? n : string.Create(CultureInfo.InvariantCulture, $"arg{i}");
            Set(record, name, arguments[i]);
        }
    }

    /// <summary>Sets the column or custom dimension <paramref name="name"/> to <paramref name="value"/>.</summary>
    public static void Set(ResultRecord record, string name, object? value)
    {
        if (value is ModelCase modelCase)
        {
            modelCase.Sample.ApplyTo(record);
            return;
        }

        if (value is not null && Columns.TryGetValue(Normalize(name), out var set) && set(record, value))
        {
            return;
        }

        // A value that does not fit its column (a model parameter of some object type) is kept, not dropped.
        (record.Dimensions ??= new Dictionary<string, string>(StringComparer.Ordinal))[name] = Format(value);
    }

    /// <summary>The text of an argument: invariant culture, <c>null</c> for null, items joined by ',' for sequences.</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => string.Join(',', items.Cast<object?>().Select(Format)),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Normalize(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();

    private static bool SetText(object value, Action<string> set)
    {
        if (value is string or Enum or IFormattable)
        {
            set(Format(value));
            return true;
        }

        return false;
    }

    private static bool Assign(Action set)
    {
        set();
        return true;
    }

    private static bool TryDouble(object value, out double result)
    {
        switch (value)
        {
            case double d: result = d; return true;
            case float f: result = f; return true;
            case decimal m: result = (double)m; return true;
            case int or long or short or byte: result = Convert.ToDouble(value, CultureInfo.InvariantCulture); return true;
            case string s: return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out result);
            default: result = 0; return false;
        }
    }

    private static bool TryInt(object value, out int result)
    {
        switch (value)
        {
            case int i: result = i; return true;
            case short or byte or sbyte or ushort: result = Convert.ToInt32(value, CultureInfo.InvariantCulture); return true;
            case long l when l is >= int.MinValue and <= int.MaxValue: result = (int)l; return true;
            case string s: return int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out result);
            default: result = 0; return false;
        }
    }
}
