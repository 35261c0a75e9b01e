using System.Text.Json;

namespace RunnerHarness.Store.Summaries;

/// <summary>
/// Where a sealed file's <see cref="SegmentSummary"/> lives and how it is written and read. The summary of
/// <c>data/&lt;path&gt;/&lt;file&gt;</c> is <c>summaries/&lt;path&gt;/&lt;file&gt;.sha256_&lt;32 hex&gt;.summary</c>: a small
/// JSON document sealed like a data file (written under <c>tmp/</c>, named by its own checksum, renamed into place),
/// naming the data file and its byte length. Summaries live outside <c>data/</c>, so every reader of records
/// ignores them; they are derived data, and a missing one costs a full read of its file, never a wrong number.
/// </summary>
internal static class SegmentSummaryFile
{
    /// <summary>The extension of summary files.</summary>
    public const string Extension = ".summary";

    /// <summary>The folder holding the summaries of the files in the data folder <paramref name="dataDirectory"/>.</summary>
    public static string DirectoryFor(StoreLayout layout, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return Path.Combine(layout.SummaryDirectory, Path.GetRelativePath(layout.DataDirectory, dataDirectory));
    }

    /// <summary>Writes and seals the summary of the sealed file <paramref name="dataFile"/>; returns its path.</summary>
    internal static string Write(StoreLayout layout, string dataFile, SegmentSummary summary)
    {
        var length = new FileInfo(dataFile).Length;
        var directory = DirectoryFor(layout, Path.GetDirectoryName(dataFile)!);
        return SegmentSealer.WriteThenRename(layout, directory, Path.GetFileName(dataFile), Extension, stream => Serialize(stream, Path.GetFileName(dataFile), length, summary));
    }

    /// <summary>Removes every summary of <paramref name="dataFile"/>, a sealed file that was removed.</summary>
    internal static void RemoveFor(StoreLayout layout, string dataFile)
    {
        var directory = DirectoryFor(layout, Path.GetDirectoryName(dataFile)!);
        if (!Directory.Exists(directory))
        {
            return;
        }

        var stem = Path.GetFileName(dataFile);
        foreach (var summary in Directory.EnumerateFiles(directory, stem + "*" + Extension).Where(s => SegmentChecksum.IsNameOf(Path.GetFileName(s), stem, Extension)).ToArray())
        {
            // A summary behind a link is not the store's own; it stays (and, not sound for this file, is never trusted).
            if (StoreLinks.IsOwnFile(layout, summary))
            {
                File.Delete(summary);
            }
        }
    }

    /// <summary>
    /// The summary at <paramref name="summaryPath"/> of the data file <paramref name="dataFile"/> of <paramref name="dataLength"/> bytes.
    /// </summary>
    /// <returns>The summary, or <see langword="null"/> when it is intact but of an older layout (<see cref="SegmentSummary.CurrentVersion"/>): outdated, to be recomputed.</returns>
    /// <exception cref="CorruptSegmentException">The summary does not match its checksum, names another file or length, or is not a summary.</exception>
    /// <exception cref="FileNotFoundException">The summary vanished.</exception>
    internal static SegmentSummary? Read(string summaryPath, string dataFile, long dataLength)
    {
        // One read: the checksum is checked on the very bytes that are parsed.
        var content = File.ReadAllBytes(summaryPath);
        if (!SegmentChecksum.Verify(summaryPath, content))
        {
            throw new CorruptSegmentException($"{summaryPath} carries no checksum in its name");
        }

        try
        {
            var parsed = Parse(content);
            if (parsed.Version is > 0 and < SegmentSummary.CurrentVersion && parsed.File == Path.GetFileName(dataFile) && parsed.FileBytes == dataLength)
            {
                return null;
            }

            if (parsed.Version != SegmentSummary.CurrentVersion || parsed.File != Path.GetFileName(dataFile) || parsed.FileBytes != dataLength)
            {
                throw new CorruptSegmentException(
                    $"{summaryPath} describes '{parsed.File}' of {parsed.FileBytes} bytes in layout {parsed.Version}, not '{Path.GetFileName(dataFile)}' of {dataLength} bytes in layout {SegmentSummary.CurrentVersion}");
            }

            return parsed.Summary;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new CorruptSegmentException($"{summaryPath} is not a summary ({ex.Message})", ex);
        }
    }

    // A streaming parse: planning reads every summary of the store, and a document model of them cost more
    // than the rest of the plan. Properties may come in any order; one missing is damage.
    private static (int Version, string? File, long FileBytes, SegmentSummary Summary) Parse(ReadOnlySpan<byte> content)
    {
        var json = new Utf8JsonReader(content);
        Next(ref json, JsonTokenType.StartObject);
        int? version = null;
        long? fileBytes = null, records = null;
        string? file = null;
        (bool Seen, DateTime? Value) first = default, last = default;
        Dictionary<string, int[]>? held = null;
        List<string>? heldKeys = null;
        (Dictionary<string, IReadOnlyDictionary<string, int[]>> Samples, Dictionary<string, IReadOnlyList<string>> Keys)? byModel = null;
        Dictionary<string, IReadOnlyDictionary<string, long>>? runs = null;
        while (Next(ref json) == JsonTokenType.PropertyName)
        {
            var name = json.GetString();
            json.Read();
            switch (name)
            {
                case "summary_version": version = json.GetInt32(); break;
                case "file": file = json.GetString(); break;
                case "file_bytes": fileBytes = json.GetInt64(); break;
                case "records": records = json.GetInt64(); break;
                case "first_finished_at": first = (true, Time(ref json)); break;
                case "last_finished_at": last = (true, Time(ref json)); break;
                case "runs": runs = Runs(ref json); break;
                case "held": held = Held(ref json); break;
                case "held_keys": heldKeys = Strings(ref json); break;
                case "held_by_model": byModel = HeldByModel(ref json); break;
                default: json.Skip(); break;
            }
        }

        var summary = new SegmentSummary
        {
            Records = records ?? throw Missing("records"),
            FirstFinishedAt = first.Seen ? first.Value : throw Missing("first_finished_at"),
            LastFinishedAt = last.Seen ? last.Value : throw Missing("last_finished_at"),
            HeldSamples = held ?? throw Missing("held"),
            HeldKeys = heldKeys ?? throw Missing("held_keys"),
            RunShards = runs ?? throw Missing("runs"),
            // Only layouts before 3 lack it, and those are outdated whatever they hold.
            ModelHeldSamples = byModel?.Samples ?? [],
            ModelHeldKeys = byModel?.Keys ?? [],
        };
        if (byModel is null && version >= 3)
        {
            throw Missing("held_by_model");
        }

        return (version ?? throw Missing("summary_version"), file ?? throw Missing("file"), fileBytes ?? throw Missing("file_bytes"), summary);
    }

    private static Dictionary<string, int[]> Held(ref Utf8JsonReader json)
    {
        Expect(ref json, JsonTokenType.StartObject);
        var held = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var samples = new List<int>();
        while (Next(ref json) == JsonTokenType.PropertyName)
        {
            var cell = json.GetString()!;
            Next(ref json, JsonTokenType.StartArray);
            samples.Clear();
            while (Next(ref json) == JsonTokenType.Number)
            {
                samples.Add(json.GetInt32());
            }

            Expect(ref json, JsonTokenType.EndArray);
            held[cell] = [.. samples];
        }

        return held;
    }

    private static (Dictionary<string, IReadOnlyDictionary<string, int[]>> Samples, Dictionary<string, IReadOnlyList<string>> Keys) HeldByModel(ref Utf8JsonReader json)
    {
        Expect(ref json, JsonTokenType.StartObject);
        var samples = new Dictionary<string, IReadOnlyDictionary<string, int[]>>(StringComparer.Ordinal);
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        while (Next(ref json) == JsonTokenType.PropertyName)
        {
            var modelId = json.GetString()!;
            Next(ref json, JsonTokenType.StartObject);
            Dictionary<string, int[]>? held = null;
            List<string>? heldKeys = null;
            while (Next(ref json) == JsonTokenType.PropertyName)
            {
                var name = json.GetString();
                json.Read();
                switch (name)
                {
                    case "held": held = Held(ref json); break;
                    case "held_keys": heldKeys = Strings(ref json); break;
                    default: json.Skip(); break;
                }
            }

            samples[modelId] = held ?? throw Missing($"held_by_model.{modelId}.held");
            if (heldKeys is { Count: > 0 })
            {
                keys[modelId] = heldKeys;
            }
        }

        return (samples, keys);
    }

    private static Dictionary<string, IReadOnlyDictionary<string, long>> Runs(ref Utf8JsonReader json)
    {
        Expect(ref json, JsonTokenType.StartObject);
        var runs = new Dictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal);
        while (Next(ref json) == JsonTokenType.PropertyName)
        {
            var run = json.GetString()!;
            Next(ref json, JsonTokenType.StartObject);
            var shards = new Dictionary<string, long>(StringComparer.Ordinal);
            while (Next(ref json) == JsonTokenType.PropertyName)
            {
                var shard = json.GetString()!;
                json.Read();
                shards[shard] = json.GetInt64();
            }

            runs[run] = shards;
        }

        return runs;
    }

    private static List<string> Strings(ref Utf8JsonReader json)
    {
        Expect(ref json, JsonTokenType.StartArray);
        var strings = new List<string>();
        while (Next(ref json) == JsonTokenType.String)
        {
            strings.Add(json.GetString()!);
        }

        Expect(ref json, JsonTokenType.EndArray);
        return strings;
    }

    private static DateTime? Time(ref Utf8JsonReader json) =>
        json.TokenType == JsonTokenType.Null ? null : json.GetDateTime().ToUniversalTime();

    private static JsonTokenType Next(ref Utf8JsonReader json) =>
        json.Read() ? json.TokenType : throw new JsonException("the summary ends early");

    private static void Next(ref Utf8JsonReader json, JsonTokenType expected)
    {
        Next(ref json);
        Expect(ref json, expected);
    }

    private static void Expect(ref Utf8JsonReader json, JsonTokenType expected)
    {
        if (json.TokenType != expected)
        {
            throw new JsonException($"expected {expected} at byte {json.TokenStartIndex}, found {json.TokenType}");
        }
    }

    private static JsonException Missing(string property) => new($"the summary has no '{property}'");

    /// <summary>
    /// Why <paramref name="stored"/>, a sound summary, does not describe the records <paramref name="computed"/> summarises,
    /// or <see langword="null"/> when it does (every number: records, times, runs and shards, held samples).
    /// </summary>
    internal static string? Disagreement(SegmentSummary stored, SegmentSummary computed)
    {
        if (stored.Records != computed.Records)
        {
            return $"it says the file holds {stored.Records} records, the file holds {computed.Records}";
        }

        using var storedBytes = new MemoryStream();
        using var computedBytes = new MemoryStream();
        Serialize(storedBytes, "", 0, stored);
        Serialize(computedBytes, "", 0, computed);
        return storedBytes.ToArray().AsSpan().SequenceEqual(computedBytes.ToArray())
            ? null
            : "its times, runs, shards or held samples differ from what the file's records give";
    }

    private static void Serialize(Stream stream, string fileName, long length, SegmentSummary summary)
    {
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteNumber("summary_version", SegmentSummary.CurrentVersion);
        json.WriteString("file", fileName);
        json.WriteNumber("file_bytes", length);
        json.WriteNumber("records", summary.Records);
        WriteTime(json, "first_finished_at", summary.FirstFinishedAt);
        WriteTime(json, "last_finished_at", summary.LastFinishedAt);
        json.WriteStartObject("runs");
        foreach (var (run, shards) in summary.RunShards.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject(run);
            foreach (var (shard, count) in shards.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WriteNumber(shard, count);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        WriteHeld(json, summary.HeldSamples);
        json.WriteStartArray("held_keys");
        foreach (var key in summary.HeldKeys)
        {
            json.WriteStringValue(key);
        }

        json.WriteEndArray();
        json.WriteStartObject("held_by_model");
        foreach (var (modelId, held) in summary.ModelHeldSamples.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject(modelId);
            WriteHeld(json, held);
            json.WriteStartArray("held_keys");
            foreach (var key in summary.ModelHeldKeys.GetValueOrDefault(modelId) ?? [])
            {
                json.WriteStringValue(key);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteHeld(Utf8JsonWriter json, IReadOnlyDictionary<string, int[]> held)
    {
        json.WriteStartObject("held");
        foreach (var (cell, samples) in held.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteStartArray(cell);
            foreach (var sample in samples)
            {
                json.WriteNumberValue(sample);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTime? time)
    {
        if (time is { } value)
        {
            json.WriteString(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
