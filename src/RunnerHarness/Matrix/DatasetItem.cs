using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace RunnerHarness.Matrix;

/// <summary>
/// One item of a <see cref="MatrixDataset"/>: its stable <see cref="Id"/>, its fields, and the <see cref="Hash"/> of its
/// content that tells two versions of the item apart. A model batch's test reads the item of its row through
/// <c>ModelCase.DatasetItem</c>, e.g. <c>item.Text("question")</c>.
/// </summary>
/// <remarks>
/// The hash is the first 12 hex digits of the SHA-256 of the item's canonical JSON (<see cref="CanonicalJson"/>): an
/// object of every field including <c>id</c>, keys sorted by ordinal, no whitespace, strings escaped minimally, numbers
/// as written. So reordering keys, re-indenting the file or moving the item to another line keeps its hash; changing
/// any value, adding or removing a field changes it.
/// </remarks>
public sealed class DatasetItem
{
    /// <summary>The field every item must have: its stable identity, part of the case key.</summary>
    public const string IdField = "id";

    /// <summary>How many hex digits of the SHA-256 the <see cref="Hash"/> keeps (48 bits: two versions of one item never collide in practice).</summary>
    public const int HashLength = 12;

    private static readonly JsonWriterOptions CanonicalOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    private readonly JsonElement _fields;

    private DatasetItem(string id, JsonElement fields, string canonicalJson, string source, int line)
    {
        Id = id;
        _fields = fields;
        CanonicalJson = canonicalJson;
        Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalJson)))[..HashLength];
        Source = source;
        Line = line;
    }

    /// <summary>The item's <c>id</c>: the same across edits of its text, unique in its dataset.</summary>
    public string Id { get; }

    /// <summary>The version of the item's content (see the remarks): recorded as <c>item_hash</c>, part of the case key.</summary>
    public string Hash { get; }

    /// <summary>The item's content as canonical JSON: what <see cref="Hash"/> is computed from.</summary>
    public string CanonicalJson { get; }

    /// <summary>The file the item was read from (or where it was made), for messages.</summary>
    public string Source { get; }

    /// <summary>The line of <see cref="Source"/> the item starts on, from 1; 0 when it did not come from a file.</summary>
    public int Line { get; }

    /// <summary>The names of the item's fields, <c>id</c> included, in ordinal order.</summary>
    public IReadOnlyList<string> FieldNames => [.. _fields.EnumerateObject().Select(p => p.Name)];

    /// <summary>Whether the item has the field <paramref name="field"/> (with any value, null included).</summary>
    public bool Has(string field)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        return _fields.TryGetProperty(field, out _);
    }

    /// <summary>The raw JSON value of <paramref name="field"/>.</summary>
    /// <exception cref="KeyNotFoundException">The item has no such field; the message names the item and its fields.</exception>
    public JsonElement Field(string field) => _fields.TryGetProperty(field, out var value) ? value : throw Missing(field);

    /// <summary>
    /// The text of <paramref name="field"/>: a string as it is, a number or boolean as written in the file (every CSV field
    /// is text).
    /// </summary>
    /// <exception cref="KeyNotFoundException">The item has no such field.</exception>
    /// <exception cref="InvalidOperationException">The field is null, an object or an array.</exception>
    public string Text(string field)
    {
        var value = Field(field);
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => throw WrongType(field, value, "text"),
        };
    }

    /// <summary>The text of <paramref name="field"/> (as <see cref="Text"/>), or <see langword="null"/> when the item has no such field or it is null.</summary>
    /// <exception cref="InvalidOperationException">The field is an object or an array.</exception>
    public string? TextOrNull(string field) =>
        _fields.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? Text(field) : null;

    /// <summary>The number in <paramref name="field"/>: a JSON number, or text that is a number (invariant culture, as in CSV).</summary>
    /// <exception cref="KeyNotFoundException">The item has no such field.</exception>
    /// <exception cref="InvalidOperationException">The field is not a number.</exception>
    public double Number(string field)
    {
        var value = Field(field);
        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.GetDouble();
        }

        return value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw WrongType(field, value, "a number");
    }

    /// <summary>The list of texts in <paramref name="field"/>: a JSON array of strings or numbers, or one text as a list of one.</summary>
    /// <exception cref="KeyNotFoundException">The item has no such field.</exception>
    /// <exception cref="InvalidOperationException">The field or one of its elements is not text.</exception>
    public IReadOnlyList<string> Texts(string field)
    {
        var value = Field(field);
        if (value.ValueKind != JsonValueKind.Array)
        {
            return [Text(field)];
        }

        return [.. value.EnumerateArray().Select(e => e.ValueKind switch
        {
            JsonValueKind.String => e.GetString()!,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
            _ => throw WrongType(field, value, "an array of texts"),
        })];
    }

    /// <summary>The value of <paramref name="field"/> deserialized as <typeparamref name="T"/> with <paramref name="typeInfo"/> (a source-generated context's type info).</summary>
    /// <exception cref="KeyNotFoundException">The item has no such field.</exception>
    /// <exception cref="JsonException">The value does not fit <typeparamref name="T"/>.</exception>
    public T? Get<T>(string field, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return Field(field).Deserialize(typeInfo);
    }

    /// <summary>The item's id and version, e.g. <c>capital-of-australia@3fa2c1d9e0b1</c>.</summary>
    public override string ToString() => $"{Id}@{Hash}";

    /// <summary>
    /// The item a JSON object stands for: its <c>id</c> (a non-blank string, or a whole number kept as written) and fields.
    /// </summary>
    /// <param name="item">A JSON object.</param>
    /// <param name="source">The file it came from, for messages.</param>
    /// <param name="line">Its line in that file, from 1 (0 when not from a file).</param>
    /// <exception cref="FormatException">The value is not an object, or its <c>id</c> is missing, blank or not a string or whole number; the message says which.</exception>
    public static DatasetItem FromJson(JsonElement item, string source, int line)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"the item is {Describe(item)}, not a JSON object");
        }

        if (!item.TryGetProperty(IdField, out var idValue))
        {
            throw new FormatException($"the item has no \"{IdField}\"; every item needs a stable, unique id (a non-blank string)");
        }

        var id = idValue.ValueKind switch
        {
            JsonValueKind.String when !string.IsNullOrWhiteSpace(idValue.GetString()) => idValue.GetString()!,
            JsonValueKind.Number when idValue.TryGetInt64(out _) => idValue.GetRawText(),
            _ => throw new FormatException($"the item's \"{IdField}\" is {Describe(idValue)}; an id is a non-blank string (or a whole number)"),
        };
        if (id != id.Trim())
        {
            throw new FormatException($"the item's \"{IdField}\" '{id}' starts or ends with white space; write it without");
        }

        var canonical = Canonicalize(item);
        using var document = JsonDocument.Parse(canonical);
        return new DatasetItem(id, document.RootElement.Clone(), canonical, source, line);
    }

    /// <summary>The item of a CSV row: every value is text (an empty cell is the empty string), keyed by the header's names.</summary>
    /// <exception cref="FormatException">The row has no <c>id</c> or a blank one.</exception>
    public static DatasetItem FromFields(IReadOnlyList<KeyValuePair<string, string>> fields, string source, int line)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, CanonicalOptions))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenSpan.ToArray());
        return FromJson(document.RootElement, source, line);
    }

    private static string Canonicalize(JsonElement value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, CanonicalOptions))
        {
            WriteCanonical(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var element in value.EnumerateArray())
                {
                    WriteCanonical(writer, element);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(value.GetString());
                break;
            default:
                // Numbers as written (1.0 and 1 are different content), true, false and null.
                writer.WriteRawValue(value.GetRawText(), skipInputValidation: true);
                break;
        }
    }

    private KeyNotFoundException Missing(string field) =>
        new($"The dataset item '{Id}' ({Source}{LineText}) has no field '{field}'; its fields are {string.Join(", ", FieldNames)}.");

    private InvalidOperationException WrongType(string field, JsonElement value, string wanted) =>
        new($"The field '{field}' of the dataset item '{Id}' ({Source}{LineText}) is {Describe(value)}, not {wanted}.");

    private string LineText => Line > 0 ? string.Create(CultureInfo.InvariantCulture, $", line {Line}") : "";

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{element.GetString()}\"",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => "null",
    };
}
