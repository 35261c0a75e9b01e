using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.JsonLines;

/// <summary>A JSON Lines file's ids, its open handle when the scan proved its checksum, and whether it was gone.</summary>
internal readonly record struct JsonLinesIdScan(List<ParsedRecordId> Ids, FileStream? Verified, bool Vanished)
{
    // The length of a UUID in its D form (8-4-4-4-12 hex digits).
    private const int UuidLength = 36;

    /// <summary>
    /// The record ids of a file other than Parquet (<see cref="Parquet.ParquetIdPass"/> reads those), cheaply: a JSON Lines file's
    /// <c>record_id</c> found near the start of each line without parsing the rest. This may list more ids than a read yields (a line that does not parse further on, a file that fails
    /// its checksum): an id taken for repeated is only decided among the copies the second pass reads, so that costs
    /// time, never a wrong answer.
    /// </summary>
    public static JsonLinesIdScan Of(string file, bool hash)
    {
        var ids = new List<ParsedRecordId>();
        if (!file.EndsWith(StoreLayout.JsonLinesExtension, StringComparison.OrdinalIgnoreCase))
        {
            return new JsonLinesIdScan(ids, null, Vanished: false);
        }

        try
        {
            var stream = JsonLinesFileReader.OpenShared(file);
            var kept = false;
            try
            {
                // A file whose checksum the same read proves keeps its handle for the streaming read, which then hashes nothing.
                var expected = hash ? ExpectedChecksum(file) : null;
                using var sha256 = expected is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                JsonLinesFileReader.Scan(stream, (line, _) =>
                {
                    if (RecordIdOf(line) is { IsNone: false } id)
                    {
                        ids.Add(id);
                    }
                }, sha256);
                kept = sha256 is not null && SegmentChecksum.Matches(expected!, sha256.GetHashAndReset());
                return new JsonLinesIdScan(ids, kept ? stream : null, Vanished: false);
            }
            finally
            {
                if (!kept)
                {
                    stream.Dispose();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The read reports it (or, for a file gone, lists the store again).
            return new JsonLinesIdScan(ids, null, ConflictPassReads.IsVanished(ex));
        }
    }

    // The checksum in the file's name, or null when it has none or a malformed one (the read reports that).
    private static string? ExpectedChecksum(string file)
    {
        try
        {
            return SegmentChecksum.Expected(file);
        }
        catch (CorruptSegmentException)
        {
            return null;
        }
    }

    private static ParsedRecordId RecordIdOf(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(RecordColumns.RecordId))
                {
                    return reader.Read() && reader.TokenType == JsonTokenType.String ? IdOf(ref reader) : default;
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth > 0)
                {
                    reader.Skip();
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not a record line (not JSON, an id that is not UTF-8); the read reports it.
        }

        return default;
    }

    // The id as GetString would give it, without a string for a UUID written plainly (all a writer writes).
    private static ParsedRecordId IdOf(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan.Length == UuidLength && Ascii.IsValid(reader.ValueSpan))
        {
            Span<char> text = stackalloc char[UuidLength];
            Ascii.ToUtf16(reader.ValueSpan, text, out _);
            return ParsedRecordId.Of(text);
        }

        return ParsedRecordId.Of(reader.GetString());
    }
}
