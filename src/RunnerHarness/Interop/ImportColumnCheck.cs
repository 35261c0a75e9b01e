using System.Text.Json;
using RunnerHarness.Schema;
using RunnerHarness.Store.JsonLines;

namespace RunnerHarness.Interop;

/// <summary>
/// Finds the names in an import's lines that are not columns of the record schema (a misspelling, or a column of a
/// newer harness): the record parser would drop them silently, so the import is refused and names each one with the
/// first line it is on.
/// </summary>
internal sealed class ImportColumnCheck
{
    private const int Listed = 20;
    private readonly Dictionary<string, int> _unknown = new(StringComparer.Ordinal);

    /// <summary>Notes the top-level names of <paramref name="line"/> (line <paramref name="number"/>) that are not columns.</summary>
    public void Check(ReadOnlySpan<byte> line, int number)
    {
        var names = new List<string>();
        UnknownNames(line, names);
        Note(names, number);
    }

    /// <summary>Adds the top-level names of <paramref name="line"/> that are not columns to <paramref name="names"/>, in their order; thread-safe.</summary>
    public static void UnknownNames(ReadOnlySpan<byte> line, List<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var reader = new Utf8JsonReader(line);

        // A line in the writers' shape names the columns in schema order: each is compared as bytes, no string made of it.
        var expected = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    var index = JsonLinesProjectedParser.ColumnIndex(ref reader, expected);
                    if (index < 0)
                    {
                        names.Add(reader.GetString()!);
                    }

                    expected = index + 1;
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // The record parse reports malformed JSON with its own message.
        }
    }

    /// <summary>Notes <paramref name="names"/>, which are not columns, as first met on line <paramref name="number"/> unless met before.</summary>
    public void Note(IEnumerable<string> names, int number)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var name in names)
        {
            if (_unknown.Count < 10_000)
            {
                _unknown.TryAdd(name, number);
            }
        }
    }

    /// <summary>Throws when any name was not a column.</summary>
    /// <exception cref="FormatException">Some were; the message names them, their first lines and the valid columns.</exception>
    public void ThrowIfAny(string input)
    {
        if (_unknown.Count == 0)
        {
            return;
        }

        var named = _unknown.OrderBy(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(Listed).Select(p => $"'{p.Key}' (first on line {p.Value})");
        var more = _unknown.Count > Listed ? $" and {_unknown.Count - Listed} more" : "";
        throw new FormatException(
            $"{input} was not imported: {_unknown.Count} names are not columns of the record schema, and their values would be lost: {string.Join(", ", named)}{more}. " +
            $"Nothing was written. Rename or remove them; the columns are {string.Join(", ", RecordSchema.ColumnNames)} (docs/record-schema.md).");
    }
}
