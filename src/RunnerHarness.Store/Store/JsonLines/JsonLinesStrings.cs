using System.Text.Json;

namespace RunnerHarness.Store.JsonLines;

/// <summary>
/// The short strings one read of JSON Lines files met last, by column: a run, an assembly, a model or a prompt type
/// repeats on most lines, so a line's value is taken from here when its bytes equal one met before, instead of a new
/// string a line. Equal strings either way; one read's, not thread-safe.
/// </summary>
internal sealed class JsonLinesStrings
{
    /// <summary>The longest value kept, in bytes: names and labels, not ids, keys or text.</summary>
    public const int MaxBytes = 48;

    /// <summary>How many values a column keeps: a matrix axis rarely has more.</summary>
    public const int PerColumn = 16;

    private readonly Entry[][] _columns;
    private readonly int[] _next;

    /// <summary>Strings for <paramref name="columns"/> columns.</summary>
    public JsonLinesStrings(int columns)
    {
        _columns = new Entry[columns][];
        _next = new int[columns];
    }

    /// <summary>
    /// The string value the reader stands on in column <paramref name="column"/>: <see cref="Utf8JsonReader.GetString"/>'s,
    /// the same instance as an earlier line's when the bytes are those of a value met before (so they were decoded and
    /// validated then).
    /// </summary>
    public string Get(int column, ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxBytes)
        {
            return reader.GetString()!;
        }

        var utf8 = reader.ValueSpan;
        var entries = _columns[column] ??= new Entry[PerColumn];
        foreach (var entry in entries)
        {
            if (entry.Text is null)
            {
                break;
            }

            if (utf8.SequenceEqual(entry.Utf8))
            {
                return entry.Text;
            }
        }

        var text = reader.GetString()!;
        entries[_next[column]] = new Entry(utf8.ToArray(), text);
        _next[column] = (_next[column] + 1) % PerColumn;
        return text;
    }

    private readonly record struct Entry(byte[] Utf8, string? Text);
}
