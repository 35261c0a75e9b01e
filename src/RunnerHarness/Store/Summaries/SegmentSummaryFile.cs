using System.Text.Json;

namespace RunnerHarness.Store.Summaries;

/// <summary>
/// Where a sealed file's <see cref="SegmentSummary"/> lives and how it is written and read. The summary of
/// <c>data/&lt;path&gt;/&lt;file&gt;</c> is <c>summaries/&lt;path&gt;/&lt;file&gt;.sha256_&lt;32 hex&gt;.summary</c>: a small
/// JSON document sealed like a data file (written under <c>tmp/</c>, named by its own checksum, renamed into place),
/// naming the data file and its byte length. Summaries live outside <c>data/</c>, so every reader of records
/// ignores them; they are derived data, and a missing one costs a full read of its file, never a wrong number.
/// </summary>
public static class SegmentSummaryFile
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
            File.Delete(summary);
        }
    }

    /// <summary>
    /// The summary at <paramref name="summaryPath"/> of the data file <paramref name="dataFile"/> of <paramref name="dataLength"/> bytes.
    /// </summary>
    /// <exception cref="CorruptSegmentException">The summary does not match its checksum, names another file or length, or is not a summary.</exception>
    /// <exception cref="FileNotFoundException">The summary vanished.</exception>
    internal static SegmentSummary Read(string summaryPath, string dataFile, long dataLength)
    {
        if (!SegmentChecksum.Verify(summaryPath))
        {
            throw new CorruptSegmentException($"{summaryPath} carries no checksum in its name");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(summaryPath));
            var root = document.RootElement;
            var version = root.GetProperty("summary_version").GetInt32();
            var file = root.GetProperty("file").GetString();
            var bytes = root.GetProperty("file_bytes").GetInt64();
            if (version != SegmentSummary.CurrentVersion || file != Path.GetFileName(dataFile) || bytes != dataLength)
            {
                throw new CorruptSegmentException(
                    $"{summaryPath} describes '{file}' of {bytes} bytes in layout {version}, not '{Path.GetFileName(dataFile)}' of {dataLength} bytes in layout {SegmentSummary.CurrentVersion}");
            }

            return new SegmentSummary
            {
                Records = root.GetProperty("records").GetInt64(),
                FirstFinishedAt = Time(root, "first_finished_at"),
                LastFinishedAt = Time(root, "last_finished_at"),
                HeldSamples = root.GetProperty("held").EnumerateObject().ToDictionary(
                    p => p.Name,
                    p => p.Value.EnumerateArray().Select(s => s.GetInt32()).ToArray(),
                    StringComparer.Ordinal),
                HeldKeys = [.. root.GetProperty("held_keys").EnumerateArray().Select(k => k.GetString() ?? throw new JsonException("a held key is null"))],
                RunShards = root.GetProperty("runs").EnumerateObject().ToDictionary(
                    run => run.Name,
                    run => (IReadOnlyDictionary<string, long>)run.Value.EnumerateObject().ToDictionary(s => s.Name, s => s.Value.GetInt64(), StringComparer.Ordinal),
                    StringComparer.Ordinal),
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CorruptSegmentException($"{summaryPath} is not a summary ({ex.Message})", ex);
        }
    }

    private static DateTime? Time(JsonElement root, string name) =>
        root.GetProperty(name) is { ValueKind: JsonValueKind.String } value ? value.GetDateTime().ToUniversalTime() : null;

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
        json.WriteStartObject("held");
        foreach (var (cell, samples) in summary.HeldSamples.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteStartArray(cell);
            foreach (var sample in samples)
            {
                json.WriteNumberValue(sample);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteStartArray("held_keys");
        foreach (var key in summary.HeldKeys)
        {
            json.WriteStringValue(key);
        }

        json.WriteEndArray();
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
