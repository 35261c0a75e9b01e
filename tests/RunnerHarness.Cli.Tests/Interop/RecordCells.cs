using System.Globalization;
using System.Text.Json;
using RunnerHarness.Schema;

namespace RunnerHarness.Cli.Tests.Interop;

/// <summary>
/// Compares a row as another reader returned it with the record the harness wrote, column by column, in
/// the value space of the record's JSON form: strings exactly, integers exactly, doubles bit for bit,
/// timestamps to the microsecond as UTC instants, maps as their entries in order, and null as null.
/// A reader may hand a value over as its native type or as text (CSV, <c>to_json</c>); both are accepted,
/// a different value never is.
/// </summary>
internal static class RecordCells
{
    private static readonly HashSet<string> TimestampColumns = [RecordColumns.StartedAt, RecordColumns.FinishedAt];

    /// <summary>Asserts that <paramref name="row"/> holds every column of <paramref name="expected"/> with its value.</summary>
    /// <param name="emptyIsNull">The format cannot tell an empty text from a missing one (CSV).</param>
    public static void AssertRow(string reader, ResultRecord expected, IReadOnlyDictionary<string, object?> row, bool emptyIsNull = false)
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(expected, RecordJsonContext.Default.ResultRecord));
        foreach (var column in RecordSchema.ColumnNames)
        {
            Assert.True(row.ContainsKey(column), $"{reader} returned no column {column}");
            var actual = row[column];
            if (emptyIsNull && actual is "")
            {
                actual = null;
            }

            AssertValue($"{reader}, record {expected.RecordId}, column {column}", column, json.RootElement.GetProperty(column), actual);
        }
    }

    private static void AssertValue(string where, string column, JsonElement expected, object? actual)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Null:
                Assert.True(actual is null, $"{where}: expected null, read '{actual}'");
                break;
            case JsonValueKind.String when TimestampColumns.Contains(column):
                Assert.True(actual is not null, $"{where}: expected {expected.GetString()}, read null");
                Assert.True(
                    Microseconds(Instant(expected.GetString()!)) == Microseconds(actual),
                    $"{where}: expected {expected.GetString()}, read {actual} ({Microseconds(actual)} µs)");
                break;
            case JsonValueKind.String:
                Assert.True(expected.GetString() == actual as string, $"{where}: expected '{expected.GetString()}', read '{actual}'");
                break;
            case JsonValueKind.Number when expected.TryGetInt64(out var integer) && actual is not (double or float or string):
                Assert.True(actual is not null && integer == Convert.ToInt64(actual, CultureInfo.InvariantCulture), $"{where}: expected {integer}, read '{actual}'");
                break;
            case JsonValueKind.Number:
                Assert.True(actual is not null, $"{where}: expected {expected}, read null");
                var number = actual is string text ? double.Parse(text, CultureInfo.InvariantCulture) : Convert.ToDouble(actual, CultureInfo.InvariantCulture);
                Assert.True(
                    BitConverter.DoubleToInt64Bits(expected.GetDouble()) == BitConverter.DoubleToInt64Bits(number),
                    $"{where}: expected {expected.GetDouble():R}, read {number:R}");
                break;
            case JsonValueKind.True or JsonValueKind.False:
                var flag = actual is string word ? bool.Parse(word) : actual as bool?;
                Assert.True(expected.GetBoolean() == flag, $"{where}: expected {expected}, read '{actual}'");
                break;
            case JsonValueKind.Object:
                Assert.True(actual is not null, $"{where}: expected a map, read null");
                Assert.Equal(MapEntries.Of(expected), ReadMapEntries(actual));
                break;
            default:
                Assert.Fail($"{where}: unexpected JSON {expected.ValueKind}");
                break;
        }
    }

    private static DateTime Instant(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    // A long is taken as microseconds since the epoch (DuckDB's epoch_us); text is parsed as ISO 8601.
    private static long Microseconds(object? value) => value switch
    {
        long us => us,
        DateTimeOffset offset => (offset.UtcDateTime - DateTime.UnixEpoch).Ticks / 10,
        DateTime instant => (instant - DateTime.UnixEpoch).Ticks / 10,
        string text => Microseconds(Instant(text)),
        _ => long.MinValue,
    };

    private static List<(string Key, object? Value)> ReadMapEntries(object actual) => actual switch
    {
        string json => MapEntries.Of(JsonDocument.Parse(json).RootElement),
        IEnumerable<KeyValuePair<string, object?>> pairs => pairs.Select(p => (p.Key, p.Value is double or float or long or int ? (object?)Convert.ToDouble(p.Value, CultureInfo.InvariantCulture) : p.Value)).ToList(),
        _ => throw new InvalidOperationException($"A map read as {actual.GetType()}"),
    };
}
