using System.Globalization;
using System.Text.Json;
using RunnerHarness.Schema;
using RunnerHarness.Store.Parquet;

namespace RunnerHarness.Store.JsonLines;

/// <summary>
/// Writes a record's JSON object column by column from the declared columns' accessors, with names encoded once: the
/// bytes <see cref="RecordJsonContext"/>'s serializer writes (same writer options, order, escaping, named floating-point
/// literals and enum spellings; tested byte for byte), without its per-property dispatch. The serializer cannot use its
/// generated fast path for the record (the named literals and the enum converters keep it on the metadata path), and a
/// test host writes one line a result on the test's own thread.
/// </summary>
internal sealed class JsonLinesColumnWriters : IRecordColumnVisitor<Action<Utf8JsonWriter, ResultRecord>>
{
    private static readonly Action<Utf8JsonWriter, ResultRecord>[] Columns = RecordColumnAccessors.Visit(new JsonLinesColumnWriters());

    /// <summary>Writes <paramref name="record"/> as one JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, ResultRecord record)
    {
        writer.WriteStartObject();
        foreach (var column in Columns)
        {
            column(writer, record);
        }

        writer.WriteEndObject();
    }

    public Action<Utf8JsonWriter, ResultRecord> Text(RecordColumnDescriptor column, Func<ResultRecord, string?> get, Action<ResultRecordBuilder, string> set)
    {
        var name = JsonEncodedText.Encode(column.Name);
        return (writer, record) => writer.WriteString(name, get(record));
    }

    public Action<Utf8JsonWriter, ResultRecord> Value<T>(RecordColumnDescriptor column, Func<ResultRecord, T?> get, Action<ResultRecordBuilder, T> set)
        where T : struct
    {
        var name = JsonEncodedText.Encode(column.Name);

        // For these T, Func<ResultRecord, T?> is the very delegate type cast to, so no value is boxed.
        return get switch
        {
            Func<ResultRecord, double?> number => (writer, record) => WriteDouble(writer, name, number(record)),
            Func<ResultRecord, int?> number => (writer, record) => WriteOrNull(writer, name, number(record), static (w, n, v) => w.WriteNumber(n, v)),
            Func<ResultRecord, long?> number => (writer, record) => WriteOrNull(writer, name, number(record), static (w, n, v) => w.WriteNumber(n, v)),
            Func<ResultRecord, bool?> flag => (writer, record) => WriteOrNull(writer, name, flag(record), static (w, n, v) => w.WriteBoolean(n, v)),
            _ => throw new NotSupportedException($"The record column {column.Name} is a {typeof(T).Name}; the JSON line writer writes int, long, double and bool values."),
        };
    }

    public Action<Utf8JsonWriter, ResultRecord> Timestamp(RecordColumnDescriptor column, Func<ResultRecord, DateTime?> get, Action<ResultRecordBuilder, DateTime> set)
    {
        var name = JsonEncodedText.Encode(column.Name);
        return (writer, record) => WriteOrNull(writer, name, get(record), static (w, n, v) => w.WriteString(n, v));
    }

    public Action<Utf8JsonWriter, ResultRecord> Enum<TEnum>(RecordColumnDescriptor column, Func<ResultRecord, TEnum?> get, Action<ResultRecordBuilder, TEnum> set)
        where TEnum : struct, Enum
    {
        var name = JsonEncodedText.Encode(column.Name);
        var spellings = System.Enum.GetValues<TEnum>().ToDictionary(value => value, value => JsonEncodedText.Encode(WireEnum<TEnum>.ToWire(value)));
        return (writer, record) =>
        {
            if (get(record) is not { } value)
            {
                writer.WriteNull(name);
            }
            else if (spellings.TryGetValue(value, out var spelling))
            {
                writer.WriteString(name, spelling);
            }
            else
            {
                // A value without a member: the serializer's enum converter writes its number.
                writer.WriteNumber(name, Convert.ToInt64(value, CultureInfo.InvariantCulture));
            }
        };
    }

    public Action<Utf8JsonWriter, ResultRecord> TextMap(
        RecordColumnDescriptor column, Func<ResultRecord, Dictionary<string, string>?> get, Action<ResultRecordBuilder, Dictionary<string, string>> set)
    {
        var name = JsonEncodedText.Encode(column.Name);
        return (writer, record) =>
        {
            if (get(record) is not { } map)
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
        };
    }

    public Action<Utf8JsonWriter, ResultRecord> NumberMap(
        RecordColumnDescriptor column, Func<ResultRecord, Dictionary<string, double>?> get, Action<ResultRecordBuilder, Dictionary<string, double>> set)
    {
        var name = JsonEncodedText.Encode(column.Name);
        return (writer, record) =>
        {
            if (get(record) is not { } map)
            {
                writer.WriteNull(name);
                return;
            }

            writer.WriteStartObject(name);
            foreach (var (key, value) in map)
            {
                writer.WritePropertyName(key);
                WriteDoubleValue(writer, value);
            }

            writer.WriteEndObject();
        };
    }

    private static void WriteOrNull<T>(Utf8JsonWriter writer, JsonEncodedText name, T? value, Action<Utf8JsonWriter, JsonEncodedText, T> write)
        where T : struct
    {
        if (value is { } present)
        {
            write(writer, name, present);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, JsonEncodedText name, double? value)
    {
        writer.WritePropertyName(name);
        if (value is { } present)
        {
            WriteDoubleValue(writer, present);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    // The options' AllowNamedFloatingPointLiterals: what JSON has no number for is written as the serializer writes it, a string.
    private static void WriteDoubleValue(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "Infinity" : "-Infinity");
        }
    }
}
