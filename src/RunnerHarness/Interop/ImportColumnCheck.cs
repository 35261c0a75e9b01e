using System.Globalization;
using System.Text.Json;
using RunnerHarness.Schema;
using RunnerHarness.Store.JsonLines;

namespace RunnerHarness.Interop;

/// <summary>
/// Finds what in an import's lines this version's records cannot hold: names that are not columns of the record schema (a
/// misspelling, or a column of a newer harness), which the record parser would drop silently, and a <c>format_version</c>
/// higher than this version writes (a newer harness's record, whose file compaction would never merge and migration would
/// refuse). The import is refused, naming each name with the first line it is on, or the first line of a newer format.
/// </summary>
internal sealed class ImportColumnCheck
{
    private const int Listed = 20;
    private readonly Dictionary<string, int> _unknown = new(StringComparer.Ordinal);
    private (int Version, int Line)? _newerFormat;

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

    /// <summary>Notes that line <paramref name="number"/> holds a record of <paramref name="version"/>, higher than this version writes, unless one was met before.</summary>
    public void NoteNewerFormat(int version, int number) => _newerFormat ??= (version, number);

    /// <summary>Throws when any name was not a column, or a line held a record of a newer format.</summary>
    /// <exception cref="FormatException">
    /// Some were; the message names them, their first lines and the valid columns (or the first line of a newer format).
    /// </exception>
    public void ThrowIfAny(string input)
    {
        if (_unknown.Count == 0)
        {
            if (_newerFormat is { } newer)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                    $"{input} was not imported: line {newer.Line} holds a record of format_version {newer.Version}, written by a newer harness; " +
                    $"this version writes format {ResultRecord.CurrentFormatVersion} and cannot tell what that format changed. Nothing was written. " +
                    $"Import the file with a harness that writes format {newer.Version} or later (docs/record-schema.md)."));
            }

            return;
        }

        var named = _unknown.OrderBy(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(Listed).Select(p => $"'{p.Key}' (first on line {p.Value})");
        var more = _unknown.Count > Listed ? $" and {_unknown.Count - Listed} more" : "";
        throw new FormatException(
            $"{input} was not imported: {_unknown.Count} names are not columns of the record schema, and their values would be lost: {string.Join(", ", named)}{more}. " +
            $"Nothing was written. Rename or remove them; the columns are {string.Join(", ", RecordSchema.ColumnNames)} (docs/record-schema.md).");
    }
}
