using System.Text;
using System.Text.Json;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.JsonLines;

/// <summary>
/// How a projecting read of a JSON Lines line takes one column: its key as UTF-8 bytes, how to set its value on a
/// builder, and which tokens its value may be, so that a column outside the projection is checked and skipped without
/// being materialised. Made from the record's column declaration (<see cref="JsonLinesColumnFactory"/>).
/// </summary>
internal sealed class JsonLinesColumn
{
    /// <summary>Reads the value the reader stands on (its first token) into the builder, leaving the reader on its last token.</summary>
    public delegate void ValueReader(ref Utf8JsonReader reader, ResultRecordBuilder builder, JsonLinesStrings strings);

    private readonly ValueReader _read;
    private readonly Func<JsonTokenType, bool> _accepts;

    public JsonLinesColumn(RecordColumnDescriptor column, ValueReader read, Func<JsonTokenType, bool> accepts, string kind)
    {
        Name = column.Name;
        Utf8Name = Encoding.UTF8.GetBytes(column.Name);
        _read = read;
        _accepts = accepts;
        Kind = kind;
    }

    /// <summary>The column's name, the key of its value on every line.</summary>
    public string Name { get; }

    /// <summary><see cref="Name"/> as UTF-8, to compare with a key without decoding it.</summary>
    public byte[] Utf8Name { get; }

    /// <summary>What a value of the column is, for an error message (e.g. "a number or null").</summary>
    public string Kind { get; }

    /// <summary>Sets the column on <paramref name="builder"/> from the value the reader stands on.</summary>
    /// <exception cref="JsonException">The value is not one of the column's type.</exception>
    /// <param name="reader">The reader, on the value's first token.</param>
    /// <param name="builder">The record being read.</param>
    /// <param name="strings">The read's strings met before, by column.</param>
    public void Read(ref Utf8JsonReader reader, ResultRecordBuilder builder, JsonLinesStrings strings) => _read(ref reader, builder, strings);

    /// <summary>Whether a value starting with <paramref name="token"/> may be one of the column's type (what a skipped value is checked for).</summary>
    public bool Accepts(JsonTokenType token) => _accepts(token);
}
