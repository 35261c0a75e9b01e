using System.Collections;
using System.Text;
using System.Text.Json;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.JsonLines;

/// <summary>
/// Checks the property names of one JSON line of a file without a checksum: the writer names every
/// column on every line, so a missing column or a name outside the schema means a damaged name (the
/// value would otherwise read as null and the record would change silently).
/// </summary>
internal static class JsonLinesColumnCheck
{
    /// <summary>Why the line's columns are damaged, or <see langword="null"/> when they are those a writer writes.</summary>
    public static string? Damage(ReadOnlySpan<byte> line)
    {
        var seen = new BitArray(WrittenColumns.Always.Count);
        Span<char> name = stackalloc char[64];
        var reader = new Utf8JsonReader(line);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                var text = reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > name.Length
                    ? reader.GetString().AsSpan()
                    : name[..Encoding.UTF8.GetChars(reader.ValueSpan, name)];
                var index = WrittenColumns.IndexOf(text);
                if (index >= 0)
                {
                    seen[index] = true;
                }
                else if (!RecordSchema.IsColumn(text.ToString()))
                {
                    return $"'{text}' is not a column of the record schema";
                }
            }
        }
        catch (JsonException)
        {
            // The parse that follows reports malformed JSON with its own message.
            return null;
        }

        for (var i = 0; i < seen.Length; i++)
        {
            if (!seen[i])
            {
                return $"the column '{WrittenColumns.Always[i]}' that every writer writes is missing";
            }
        }

        return null;
    }
}
