using System.Text.Json;

namespace RunnerHarness.Store.JsonLines;

/// <summary>
/// Writes a record's JSON object in straight-line code generated from the column declarations (<c>Write</c>, in
/// <c>JsonLinesRecordWriter.g.cs</c> by <c>RunnerHarness.Schema.Generator</c>): each property read directly and written
/// under its name encoded once. The bytes are those <see cref="Schema.RecordJsonContext"/>'s serializer writes (same order,
/// escaping, named floating-point literals and enum spellings; tested byte for byte), without its metadata path's
/// per-property dispatch, which the record cannot leave (its named literals and enum converters rule out the
/// serializer's generated fast path). A test host writes one line a result on the test's own thread. Reading stays with
/// the serializer.
/// </summary>
internal static partial class JsonLinesRecordWriter
{
    private static readonly JsonEncodedText NaN = JsonEncodedText.Encode("NaN");
    private static readonly JsonEncodedText PositiveInfinity = JsonEncodedText.Encode("Infinity");
    private static readonly JsonEncodedText NegativeInfinity = JsonEncodedText.Encode("-Infinity");

    // The options' AllowNamedFloatingPointLiterals: a double JSON has no number for is written as the serializer writes it, a string.
    private static void WriteNumberOrLiteral(Utf8JsonWriter writer, JsonEncodedText name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteString(name, Literal(value));
        }
    }

    private static JsonEncodedText Literal(double value) =>
        double.IsNaN(value) ? NaN : double.IsPositiveInfinity(value) ? PositiveInfinity : NegativeInfinity;

    private static void WriteTextMap(Utf8JsonWriter writer, JsonEncodedText name, Dictionary<string, string>? map)
    {
        if (map is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteNumberMap(Utf8JsonWriter writer, JsonEncodedText name, Dictionary<string, double>? map)
    {
        if (map is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            if (double.IsFinite(value))
            {
                writer.WriteNumber(key, value);
            }
            else
            {
                writer.WriteString(key, Literal(value));
            }
        }

        writer.WriteEndObject();
    }
}
