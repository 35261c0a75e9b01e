using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace RunnerHarness.Models.Cache;

/// <summary>
/// A response cache folder as <c>runner-harness cache</c> sees it: the files it can prove are entries
/// (<c>&lt;2 hex&gt;/&lt;64 hex&gt;.json</c>, neither the folder nor the file a link, holding a readable entry whose key is its name
/// and whose folder is the key's first two digits) and the files named like entries that are not. Anything else in the
/// folder is not the cache's and is never listed, read beyond its name, or deleted.
/// </summary>
internal sealed partial class ResponseCacheFolder
{
    /// <summary>Reads the folder <paramref name="directory"/> (full path).</summary>
    public ResponseCacheFolder(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = directory;
    }

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>Every entry and every damaged entry-named file, in path order.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public (IReadOnlyList<ResponseCacheEntry> Entries, IReadOnlyList<ResponseCacheDamage> Damaged) Scan()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            throw new DirectoryNotFoundException($"There is no response cache folder at {Directory}.");
        }

        var entries = new List<ResponseCacheEntry>();
        var damaged = new List<ResponseCacheDamage>();
        foreach (var folder in new DirectoryInfo(Directory).EnumerateDirectories().Where(IsOwnFolder).OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            foreach (var file in folder.EnumerateFiles().Where(IsEntryNamed).OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                switch (Read(file, folder.Name))
                {
                    case ResponseCacheEntry entry:
                        entries.Add(entry);
                        break;
                    case string problem:
                        damaged.Add(new ResponseCacheDamage(file.FullName, problem, file.Length));
                        break;
                }
            }
        }

        return (entries, damaged);
    }

    /// <summary>
    /// Deletes the entries <paramref name="select"/> chooses (every entry when <see langword="null"/>), then the two-digit
    /// folders left empty; damaged files and anything else stay. Returns what was deleted.
    /// </summary>
    public IReadOnlyList<ResponseCacheEntry> Clear(Func<ResponseCacheEntry, bool>? select = null)
    {
        var deleted = new List<ResponseCacheEntry>();
        foreach (var entry in Scan().Entries.Where(e => select?.Invoke(e) ?? true))
        {
            File.Delete(entry.Path);
            deleted.Add(entry);
        }

        foreach (var folder in deleted.Select(e => System.IO.Path.GetDirectoryName(e.Path)!).Distinct(StringComparer.Ordinal))
        {
            if (!System.IO.Directory.EnumerateFileSystemEntries(folder).Any())
            {
                System.IO.Directory.Delete(folder);
            }
        }

        return deleted;
    }

    private static bool IsOwnFolder(DirectoryInfo folder) =>
        !folder.Attributes.HasFlag(FileAttributes.ReparsePoint) && folder.LinkTarget is null && FolderName().IsMatch(folder.Name);

    private static bool IsEntryNamed(FileInfo file) =>
        !file.Attributes.HasFlag(FileAttributes.ReparsePoint) && file.LinkTarget is null && EntryName().IsMatch(file.Name);

    /// <summary>The entry in <paramref name="file"/>, or what is wrong with it.</summary>
    private static object Read(FileInfo file, string folder)
    {
        var name = System.IO.Path.GetFileNameWithoutExtension(file.Name);
        JsonNode? node;
        try
        {
            using var stream = file.OpenRead();
            node = JsonNode.Parse(stream);
        }
        catch (JsonException)
        {
            return "not JSON";
        }

        if (node is not JsonObject entry)
        {
            return "not a cache entry (not a JSON object)";
        }

        if (entry["format_version"] is not JsonValue format || !format.TryGetValue<int>(out var version) || version != ResponseCache.FormatVersion)
        {
            return string.Create(CultureInfo.InvariantCulture, $"format {entry["format_version"]?.ToJsonString() ?? "missing"}, not {ResponseCache.FormatVersion}: never read by this version");
        }

        if (Text(entry, "key") is not { } key || key != name)
        {
            return $"its key is {Text(entry, "key") ?? "missing"}, not its name";
        }

        if (key[..2] != folder)
        {
            return $"it is in the folder {folder}, not {key[..2]}";
        }

        if (Text(entry, "provider") is not { } provider || Text(entry, "model") is not { } model || Text(entry, "model_id") is not { } modelId)
        {
            return "provider, model or model_id missing";
        }

        if (Text(entry, "cached_at") is not { } at
            || !DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var cachedAt))
        {
            return "cached_at missing or not a time";
        }

        try
        {
            if (entry["response"]?.Deserialize<ChatResponse>(AIJsonUtilities.DefaultOptions) is null)
            {
                return "response missing";
            }
        }
        catch (JsonException ex)
        {
            return $"response unreadable ({ex.Message})";
        }

        return new ResponseCacheEntry(file.FullName, key, provider, model, modelId, cachedAt, file.Length);
    }

    private static string? Text(JsonObject entry, string name) =>
        entry[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    [GeneratedRegex("^[0-9a-f]{2}$")]
    private static partial Regex FolderName();

    [GeneratedRegex("^[0-9a-f]{64}\\.json$")]
    private static partial Regex EntryName();
}
