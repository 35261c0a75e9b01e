using System.Collections;
using System.Globalization;
using System.Reflection;
using RunnerHarness.Schema;

namespace RunnerHarness.Xunit.Recording;

/// <summary>
/// Maps theory arguments to record columns by parameter name: names like an axis of <see cref="RecordAxes"/>
/// (camelCase or snake_case, see <see cref="RecordAxis.ArgumentName"/>) fill its column, a <see cref="ModelCase"/> fills them from its properties,
/// and anything else goes to <c>dimensions</c> under the parameter's own name.
/// </summary>
internal static class ArgumentColumns
{
    private static readonly Dictionary<string, RecordAxis> Columns = RecordAxes.All.ToDictionary(a => a.ArgumentName, StringComparer.Ordinal);

    /// <summary>Sets the columns of the record <paramref name="record"/> builds from the arguments of <paramref name="parameters"/>.</summary>
    public static void Apply(ResultRecordBuilder record, IReadOnlyList<ParameterInfo> parameters, IReadOnlyList<object?> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            // A params array or a mismatch leaves arguments without a parameter; keep them by position.
            var name = i < parameters.Count && parameters[i].Name is { Length: > 0 } n ? n : string.Create(CultureInfo.InvariantCulture, $"arg{i}");
            Set(record, name, arguments[i]);
        }
    }

    /// <summary>Whether <paramref name="name"/> (either spelling) sets a record column rather than a custom dimension.</summary>
    public static bool IsColumn(string name) => Columns.ContainsKey(Normalize(name));

    /// <summary>Sets the column or custom dimension <paramref name="name"/> to <paramref name="value"/>.</summary>
    public static void Set(ResultRecordBuilder record, string name, object? value)
    {
        if (value is ModelCase modelCase)
        {
            modelCase.Sample.ApplyTo(record);
            return;
        }

        if (value is not null && Columns.TryGetValue(Normalize(name), out var axis) && axis.TryConvert(value, out var axisValue))
        {
            axis.Assign(record, axisValue);
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
}
