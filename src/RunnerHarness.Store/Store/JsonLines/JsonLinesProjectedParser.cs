using System.Text.Json;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.JsonLines;

/// <summary>
/// Parses JSON Lines records into the columns of a projection only: one <see cref="Utf8JsonReader"/> pass over the
/// line's bytes, the projected values set on a reused builder, every other value checked for its token type and
/// skipped without a string, element or object made of it. The record holds what a full parse
/// (<see cref="JsonLinesRecordCodec.TryParse"/>) holds in the projected columns, and in the others the values of a new
/// <see cref="ResultRecord"/>, as a projected Parquet read gives them. A line is rejected as a full parse rejects it
/// when it is not one JSON object, holds malformed JSON anywhere, has no <c>record_id</c>, or a projected value that
/// does not convert; a value outside the projection is only checked to start with a token of its column's type
/// (a number out of its type's range or an unknown enum spelling there goes unnoticed, which only a file written by
/// something other than a writer could hold: such files fail their checksum). A line that names a column twice is
/// parsed whole, as a full read parses it; so is a line that does not name every column when every column is projected
/// (the full read a migration or an import takes), where the serializer's default for a missing value (format_version 0)
/// is not a new record's. Not thread-safe: one parser a read.
/// </summary>
internal sealed class JsonLinesProjectedParser
{
    private static readonly IReadOnlyList<JsonLinesColumn> Columns = JsonLinesColumnFactory.All;
    private static readonly Dictionary<string, int> IndexByName =
        Columns.Select((c, i) => (c.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);

    private static readonly int RecordIdIndex = Columns.Count <= 64
        ? IndexByName[RecordColumns.RecordId]
        : throw new InvalidOperationException($"The record has {Columns.Count} columns; {nameof(JsonLinesProjectedParser)} tracks at most 64 a line.");

    private readonly bool[] _projected;
    private readonly bool _keepsRecordId;
    private readonly bool _all;
    private readonly ResultRecordBuilder _builder = new();
    private readonly JsonLinesStrings _strings = new(Columns.Count);

    /// <summary>A parser of the columns <paramref name="projection"/> includes.</summary>
    public JsonLinesProjectedParser(RecordProjection projection)
    {
        ArgumentNullException.ThrowIfNull(projection);
        _projected = [.. Columns.Select(c => projection.Includes(c.Name))];
        _keepsRecordId = projection.Includes(RecordColumns.RecordId);
        _all = projection.IsAll;
        _projected[RecordIdIndex] = false;
    }

    /// <summary>
    /// Whether the last line parsed named a column outside the schema, or was parsed whole (a repeated name): a caller that
    /// must know a line's unknown names (an import) looks for them only then.
    /// </summary>
    public bool MetNameOutsideSchema { get; private set; }

    /// <summary>Parses one line (without its '\n'); <see langword="false"/> with the reason when it is not a record with a <c>record_id</c>.</summary>
    public bool TryParse(ReadOnlySpan<byte> line, out ResultRecord? record, out string? error)
    {
        record = null;
        MetNameOutsideSchema = false;
        var reader = new Utf8JsonReader(line);
        try
        {
            if (!reader.Read())
            {
                error = "the line holds no JSON value";
                return false;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                error = reader.TokenType == JsonTokenType.Null && !reader.Read()
                    ? "the line has no record_id"
                    : $"the line is a JSON {reader.TokenType}, not an object holding a record";
                return false;
            }

            _builder.Reset();
            var hasRecordId = false;

            // A writer writes the columns in schema order, so the next key is most likely the column after the last.
            var expected = 0;

            // Which columns the line named so far: a writer names each once; a line naming one twice is parsed whole.
            var named = new BitSet64();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var index = ColumnIndex(ref reader, expected);
                reader.Read();
                if (index < 0)
                {
                    // A key outside the schema (a newer writer's column) is ignored, as a full parse ignores it.
                    MetNameOutsideSchema = true;
                    reader.Skip();
                    continue;
                }

                expected = index + 1;
                if (!named.Add(index))
                {
                    // The serializer takes the last of repeated keys, null included, which a builder set value by value
                    // cannot undo: the whole line is parsed as a full read parses it (every column set).
                    MetNameOutsideSchema = true;
                    return JsonLinesRecordCodec.TryParse(line, out record, out error);
                }

                var column = Columns[index];
                if (index == RecordIdIndex)
                {
                    hasRecordId = RecordId(ref reader);
                }
                else if (_projected[index])
                {
                    column.Read(ref reader, _builder, _strings);
                }
                else if (column.Accepts(reader.TokenType))
                {
                    reader.Skip();
                }
                else
                {
                    error = $"the value of '{column.Name}' is a JSON {reader.TokenType}, not {column.Kind}";
                    return false;
                }
            }

            // The reader stands on the object's end; anything after it but whitespace throws here.
            if (reader.Read())
            {
                error = $"the line holds more than one JSON value ({reader.TokenType} after the record)";
                return false;
            }

            if (!hasRecordId)
            {
                error = "the line has no record_id";
                return false;
            }

            if (_all && !named.HasAll(Columns.Count))
            {
                // The serializer gives a column the line does not name its type's default (format_version 0), a builder the
                // record's: a line without every column, read whole, is parsed as a full read parses it.
                MetNameOutsideSchema = true;
                return JsonLinesRecordCodec.TryParse(line, out record, out error);
            }

            record = _builder.BuildRead();
            error = null;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            // InvalidOperationException: a string that is not valid UTF-8, met when it is decoded.
            error = ex.Message;
            return false;
        }
    }

    // A set of up to 64 column indices (the schema has fewer columns, checked when the parser is first used).
    private struct BitSet64
    {
        private ulong _bits;

        public bool Add(int index)
        {
            var bit = 1UL << index;
            var added = (_bits & bit) == 0;
            _bits |= bit;
            return added;
        }

        public readonly bool HasAll(int count) => _bits == (count == 64 ? ulong.MaxValue : (1UL << count) - 1);
    }

    /// <summary>
    /// The index in <see cref="JsonLinesColumnFactory.All"/> of the column the property name the reader stands on names, or -1
    /// for a name outside the schema; an unescaped name is compared as bytes, <paramref name="expected"/> first (a writer
    /// writes the columns in schema order), without a string made of it.
    /// </summary>
    internal static int ColumnIndex(ref Utf8JsonReader reader, int expected)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            if (expected < Columns.Count && reader.ValueSpan.SequenceEqual(Columns[expected].Utf8Name))
            {
                return expected;
            }

            for (var i = 0; i < Columns.Count; i++)
            {
                if (reader.ValueSpan.SequenceEqual(Columns[i].Utf8Name))
                {
                    return i;
                }
            }

            return -1;
        }

        return IndexByName.TryGetValue(reader.GetString()!, out var index) ? index : -1;
    }

    // Whether the value is a non-empty record id (a full parse rejects a line without one), kept when projected.
    private bool RecordId(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                var id = _keepsRecordId || reader.ValueIsEscaped ? reader.GetString()! : null;
                if (_keepsRecordId)
                {
                    _builder.RecordId = id;
                }

                return id is null ? reader.ValueSpan.Length > 0 : id.Length > 0;
            case JsonTokenType.Null:
                _builder.RecordId = null;
                return false;
            default:
                throw new JsonException($"The value of '{RecordColumns.RecordId}' is a JSON {reader.TokenType}, not a string.");
        }
    }
}
