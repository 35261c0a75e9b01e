using System.Text.Json;

namespace RunnerHarness.Store.Summaries;

/// <summary>
/// The JSON form of a summary file: what every summary was before the binary form (<see cref="SegmentSummaryBinary"/>),
/// still read so old stores keep working, and the canonical text two summaries are compared by
/// (<see cref="SegmentSummaryFile.Disagreement"/>).
/// </summary>
internal static class SegmentSummaryJson
{
    /// <summary>Whether <paramref name="content"/> is a JSON summary (an object), as opposed to a binary one.</summary>
    public static bool IsJson(ReadOnlySpan<byte> content) => content.Length > 0 && content[0] == (byte)'{';

    // A streaming parse: planning reads every summary of the store, and a document model of them cost more
    // than the rest of the plan. Properties may come in any order; one missing is damage.
    /// <summary>Parses a JSON summary: its layout version, the file and byte length it names, and what it says.</summary>
    /// <exception cref="JsonException">It is not a summary.</exception>
    public static (int Version, string? File, long FileBytes, SegmentSummary Summary) Parse(ReadOnlySpan<byte> content)
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

    /// <summary>Writes <paramref name="summary"/> of the file <paramref name="fileName"/> of <paramref name="length"/> bytes as JSON.</summary>
    public static void Serialize(Stream stream, string fileName, long length, SegmentSummary summary)
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
