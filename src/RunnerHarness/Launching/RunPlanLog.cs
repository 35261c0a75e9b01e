using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RunnerHarness.Launching;

/// <summary>
/// The plans of a run's test hosts, as files in the run's log folder: each host appends one JSON line per model batch it
/// plans (<c>{"batch":..,"shard":"0/2","rows":12}</c>) to its own file, <c>plans/&lt;process id&gt;.jsonl</c>, so hosts
/// never share a file. The launcher reads them for its progress view. A later line for the same batch in the same file replaces
/// the earlier one (a batch may be planned at discovery and again when it runs).
/// </summary>
internal static class RunPlanLog
{
    /// <summary>The folder's name in the run's log folder.</summary>
    public const string DirectoryName = "plans";

    private static readonly object Gate = new();

    /// <summary>Appends <paramref name="plan"/> to this process's file in <paramref name="directory"/>.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Append(string directory, PlannedBatch plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var line = Line(plan);
        lock (Gate)
        {
            Directory.CreateDirectory(directory);
            File.AppendAllText(Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}.jsonl")), line + "\n", Encoding.UTF8);
        }
    }

    /// <summary>
    /// Every host's latest plan of every batch in <paramref name="directory"/>; none when it does not exist. A line a host
    /// is still writing (the last, unterminated one) is skipped.
    /// </summary>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static IReadOnlyList<PlannedBatch> ReadAll(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var plans = new List<PlannedBatch>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.jsonl").Order(StringComparer.Ordinal))
        {
            var latest = new Dictionary<string, PlannedBatch>(StringComparer.Ordinal);
            var text = File.ReadAllText(file, Encoding.UTF8);
            var complete = text[..(text.LastIndexOf('\n') + 1)];
            foreach (var line in complete.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var plan = Parse(line, file);
                latest[plan.Batch] = plan;
            }

            plans.AddRange(latest.Values);
        }

        return plans;
    }

    private static string Line(PlannedBatch plan)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("batch", plan.Batch);
            json.WriteString("shard", plan.Shard);
            json.WriteNumber("rows", plan.RowsToRun);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static PlannedBatch Parse(string line, string file)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            return new PlannedBatch(
                root.GetProperty("batch").GetString() ?? throw new JsonException("batch is null"),
                root.TryGetProperty("shard", out var shard) && shard.ValueKind == JsonValueKind.String ? shard.GetString() : null,
                root.GetProperty("rows").GetInt32());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new IOException($"The plan file {file} holds a line that is not a plan ({ex.Message}): {line}", ex);
        }
    }
}
