using System.Text.Json;

namespace RunnerHarness.Testing;

/// <summary>The entries of a record's map (dimensions, metrics) as a reader's JSON spells them, in order, comparable across readers.</summary>
public static class MapEntries
{
    /// <summary>
    /// The entries of the JSON object <paramref name="map"/>: numbers as doubles (each reader's JSON spells them its own
    /// way), nulls as null, everything else as text.
    /// </summary>
    public static List<(string Key, object? Value)> Of(JsonElement map) =>
        map.EnumerateObject()
            .Select(p => (p.Name, p.Value.ValueKind switch
            {
                JsonValueKind.Number => (object?)p.Value.GetDouble(),
                JsonValueKind.Null => null,
                _ => p.Value.GetString(),
            }))
            .ToList();
}
