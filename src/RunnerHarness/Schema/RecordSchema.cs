using System.Reflection;
using System.Text.Json.Serialization;

namespace RunnerHarness.Schema;

/// <summary>The columns of <see cref="ResultRecord"/>, in declaration order, as both formats store them.</summary>
public static class RecordSchema
{
    /// <summary>Every column name, in the order the record declares them.</summary>
    public static IReadOnlyList<string> ColumnNames { get; } = typeof(ResultRecord)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name)
        .OfType<string>()
        .ToArray();

    private static readonly HashSet<string> ColumnSet = new(ColumnNames, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="name"/> is a column.</summary>
    public static bool IsColumn(string name) => ColumnSet.Contains(name);
}
