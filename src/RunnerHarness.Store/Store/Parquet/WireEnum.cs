using System.Reflection;
using System.Text.Json.Serialization;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// The wire spellings of <typeparamref name="TEnum"/>, taken from the same
/// <see cref="JsonStringEnumMemberNameAttribute"/>s the JSON serializer uses, so both formats store the
/// same strings and a member added to the enum needs no change here.
/// </summary>
internal static class WireEnum<TEnum>
    where TEnum : struct, Enum
{
    private static readonly Dictionary<TEnum, string> Names = typeof(TEnum)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToDictionary(
            f => (TEnum)f.GetValue(null)!,
            f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name);

    private static readonly Dictionary<string, TEnum> Values = Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>The wire spelling of <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a named member.</exception>
    public static string ToWire(TEnum value) =>
        Names.TryGetValue(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{value} is not a named {typeof(TEnum).Name}.");

    /// <summary>The member spelled <paramref name="wire"/>.</summary>
    /// <exception cref="InvalidDataException">No member has that spelling.</exception>
    public static TEnum Parse(string wire) =>
        Values.TryGetValue(wire, out var value)
            ? value
            : throw new InvalidDataException($"'{wire}' is not a {typeof(TEnum).Name} (expected one of {string.Join(", ", Values.Keys)}).");
}
