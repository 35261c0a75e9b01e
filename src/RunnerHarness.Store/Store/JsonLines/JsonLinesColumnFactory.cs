using System.Runtime.CompilerServices;
using System.Text.Json;
using RunnerHarness.Schema;
using RunnerHarness.Store.Parquet;

namespace RunnerHarness.Store.JsonLines;

/// <summary>
/// Makes the projecting read of each declared record column (<see cref="JsonLinesColumn"/>) from its type. A value is
/// taken directly from the reader when its token is the plain form the writer writes (a number, a string, an enum's
/// wire spelling, null); any other form goes through the serializer's own converter for the column's type
/// (<see cref="RecordJsonContext"/>), so every value reads exactly as a full parse of the line reads it, or fails
/// as it fails.
/// </summary>
internal sealed class JsonLinesColumnFactory : IRecordColumnVisitor<JsonLinesColumn>
{
    /// <summary>Every column of the schema, in schema order.</summary>
    public static IReadOnlyList<JsonLinesColumn> All { get; } = RecordColumnAccessors.Visit(new JsonLinesColumnFactory());

    public JsonLinesColumn Text(RecordColumnDescriptor column, Func<ResultRecord, string?> get, Action<ResultRecordBuilder, string> set)
    {
        var convert = Converter(column);
        var nullable = column.IsNullable;
        var index = RecordSchema.Columns.ToList().IndexOf(column);
        return new JsonLinesColumn(
            column,
            (ref reader, builder, strings) =>
            {
                if (reader.TokenType == JsonTokenType.String)
                {
                    set(builder, strings.Get(index, ref reader));
                }
                else if (!(nullable && reader.TokenType == JsonTokenType.Null))
                {
                    Set(convert(ref reader), set, builder);
                }
            },
            token => token == JsonTokenType.String || (nullable && token == JsonTokenType.Null),
            nullable ? "a string or null" : "a string");
    }

    public JsonLinesColumn Value<T>(RecordColumnDescriptor column, Func<ResultRecord, T?> get, Action<ResultRecordBuilder, T> set)
        where T : struct
    {
        var convert = Converter(column);
        var nullable = column.IsNullable;
        var isBool = typeof(T) == typeof(bool);

        // A double may also be a named literal ("NaN", "Infinity"), which the serializer's options allow and write as strings.
        var isDouble = typeof(T) == typeof(double);
        return new JsonLinesColumn(
            column,
            (ref reader, builder, _) =>
            {
                if (TryNumber(ref reader, out T value))
                {
                    set(builder, value);
                }
                else if (!(nullable && reader.TokenType == JsonTokenType.Null))
                {
                    Set(convert(ref reader), set, builder);
                }
            },
            token => (nullable && token == JsonTokenType.Null)
                || (isBool ? token is JsonTokenType.True or JsonTokenType.False : token == JsonTokenType.Number || (isDouble && token == JsonTokenType.String)),
            (isBool ? "true or false" : "a number") + (nullable ? " or null" : string.Empty));
    }

    public JsonLinesColumn Timestamp(RecordColumnDescriptor column, Func<ResultRecord, DateTime?> get, Action<ResultRecordBuilder, DateTime> set)
    {
        var convert = Converter(column);
        var nullable = column.IsNullable;
        return new JsonLinesColumn(
            column,
            (ref reader, builder, _) =>
            {
                if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTime(out var value))
                {
                    set(builder, value);
                }
                else if (!(nullable && reader.TokenType == JsonTokenType.Null))
                {
                    Set(convert(ref reader), set, builder);
                }
            },
            token => token == JsonTokenType.String || (nullable && token == JsonTokenType.Null),
            nullable ? "an ISO 8601 time or null" : "an ISO 8601 time");
    }

    public JsonLinesColumn Enum<TEnum>(RecordColumnDescriptor column, Func<ResultRecord, TEnum?> get, Action<ResultRecordBuilder, TEnum> set)
        where TEnum : struct, Enum
    {
        var convert = Converter(column);
        var nullable = column.IsNullable;
        var spellings = System.Enum.GetValues<TEnum>().Select(value => (Utf8: System.Text.Encoding.UTF8.GetBytes(WireEnum<TEnum>.ToWire(value)), Value: value)).ToArray();
        return new JsonLinesColumn(
            column,
            (ref reader, builder, _) =>
            {
                if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence)
                {
                    foreach (var (utf8, value) in spellings)
                    {
                        if (reader.ValueSpan.SequenceEqual(utf8))
                        {
                            set(builder, value);
                            return;
                        }
                    }
                }

                if (!(nullable && reader.TokenType == JsonTokenType.Null))
                {
                    // Another spelling: the serializer's enum converter decides (it also takes other letter cases and numbers).
                    Set(convert(ref reader), set, builder);
                }
            },
            token => token is JsonTokenType.String or JsonTokenType.Number || (nullable && token == JsonTokenType.Null),
            "one of " + string.Join(", ", spellings.Select(s => WireEnum<TEnum>.ToWire(s.Value))) + (nullable ? " or null" : string.Empty));
    }

    public JsonLinesColumn TextMap(
        RecordColumnDescriptor column, Func<ResultRecord, Dictionary<string, string>?> get, Action<ResultRecordBuilder, Dictionary<string, string>> set) =>
        Map(column, set);

    public JsonLinesColumn NumberMap(
        RecordColumnDescriptor column, Func<ResultRecord, Dictionary<string, double>?> get, Action<ResultRecordBuilder, Dictionary<string, double>> set) =>
        Map(column, set);

    private static JsonLinesColumn Map<TMap>(RecordColumnDescriptor column, Action<ResultRecordBuilder, TMap> set)
    {
        var convert = Converter(column);
        var nullable = column.IsNullable;
        return new JsonLinesColumn(
            column,
            (ref reader, builder, _) =>
            {
                if (!(nullable && reader.TokenType == JsonTokenType.Null))
                {
                    Set(convert(ref reader), set, builder);
                }
            },
            token => token == JsonTokenType.StartObject || (nullable && token == JsonTokenType.Null),
            nullable ? "an object or null" : "an object");
    }

    private delegate object? Convert(ref Utf8JsonReader reader);

    // The serializer's converter for the column's declared type, with the options every JSON Lines file is written with.
    private static Convert Converter(RecordColumnDescriptor column)
    {
        var info = RecordJsonContext.Default.GetTypeInfo(column.ClrType)
            ?? throw new InvalidOperationException($"{nameof(RecordJsonContext)} has no metadata for {column.ClrType} (column '{column.Name}').");
        return (ref reader) => JsonSerializer.Deserialize(ref reader, info);
    }

    private static void Set<TValue>(object? converted, Action<ResultRecordBuilder, TValue> set, ResultRecordBuilder builder)
    {
        // A converter returns null only for a null token, which leaves the column unset as a full parse leaves it null.
        if (converted is TValue value)
        {
            set(builder, value);
        }
    }

    private static bool TryNumber<T>(ref Utf8JsonReader reader, out T value)
        where T : struct
    {
        value = default;
        if (typeof(T) == typeof(bool))
        {
            if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
            {
                return false;
            }

            var flag = reader.TokenType == JsonTokenType.True;
            value = Unsafe.As<bool, T>(ref flag);
            return true;
        }

        if (reader.TokenType != JsonTokenType.Number)
        {
            return false;
        }

        if (typeof(T) == typeof(double) && reader.TryGetDouble(out var d))
        {
            value = Unsafe.As<double, T>(ref d);
            return true;
        }

        if (typeof(T) == typeof(int) && reader.TryGetInt32(out var i))
        {
            value = Unsafe.As<int, T>(ref i);
            return true;
        }

        if (typeof(T) == typeof(long) && reader.TryGetInt64(out var l))
        {
            value = Unsafe.As<long, T>(ref l);
            return true;
        }

        return false;
    }
}
