using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using RunnerHarness.Matrix;
using RunnerHarness.Models.Configuration;

namespace RunnerHarness.Models.Cache;

/// <summary>
/// Successful model answers on disk, one JSON file per call under <see cref="Directory"/>:
/// <c>&lt;dir&gt;/&lt;2 hex&gt;/&lt;64 hex&gt;.json</c>, UTF-8 without a byte-order mark, the key being the lower-case hex of a
/// SHA-256 (<see cref="ResponseCacheFolder"/> reads the folder back for <c>runner-harness cache</c>). The key hashes the provider (name, kind, endpoint), the model id, the messages, the options, the tools and the
/// sample (its cell and sample index) plus how many identical calls that sample made before, so repeated samples and
/// repeated calls are never collapsed. Errors are never stored. Files are written to a temporary name and renamed in,
/// so concurrent writers (shards) never leave a torn file. Keys are never part of a key or an entry.
/// </summary>
internal sealed class ResponseCache
{
    /// <summary>Bump when the key material or the entry layout changes: old entries then simply miss.</summary>
    /// <remarks>2: the key is our own SHA-256 (1 used Microsoft.Extensions.AI's hash, SHA-384, which may change between its releases) and the entry records it.</remarks>
    public const int FormatVersion = 2;

    /// <summary>Hex digits of a key: a SHA-256.</summary>
    public const int KeyLength = 64;

    private static readonly UTF8Encoding Utf8WithoutMark = new(encoderShouldEmitUTF8Identifier: false);

    public ResponseCache(string directory, ResponseCacheMode mode)
    {
        Directory = directory;
        Mode = mode;
    }

    /// <summary>The cache directory.</summary>
    public string Directory { get; }

    /// <summary>The mode; never <see cref="ResponseCacheMode.Off"/> (no cache is made then).</summary>
    public ResponseCacheMode Mode { get; }

    /// <summary>The key of one call; <paramref name="occurrence"/> counts identical calls of the same sample before this one.</summary>
    public static string KeyFor(ProviderDefinition provider, ModelDefinition model, IEnumerable<ChatMessage> messages, ChatOptions? options, MatrixSample? sample, int occurrence)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(model);
        var header = string.Join(
            "\n",
            string.Create(CultureInfo.InvariantCulture, $"v{FormatVersion}"),
            provider.Name,
            provider.KindName,
            provider.Endpoint?.ToString() ?? "",
            model.ModelId,
            sample?.ToString() ?? "(no sample)",
            occurrence.ToString(CultureInfo.InvariantCulture));
        var tools = options?.Tools is { Count: > 0 } list ? string.Join("\n", list.Select(DescribeTool)) : "";
        var optionsWithoutTools = options?.Clone();
        if (optionsWithoutTools is not null)
        {
            // Tools are hashed from their declarations above: an AIFunction's delegate is not data.
            optionsWithoutTools.Tools = null;
        }

        // Our own hash of the JSON, not AIJsonUtilities.HashDataToString: that one may change between releases of the library.
        var material = JsonSerializer.SerializeToUtf8Bytes<object?[]>([header, messages.ToList(), optionsWithoutTools, tools], AIJsonUtilities.DefaultOptions);
        return Convert.ToHexStringLower(SHA256.HashData(material));
    }

    /// <summary>Reads the answer stored under <paramref name="key"/>; a missing or unreadable entry is a miss.</summary>
    public ChatResponse? TryRead(string key)
    {
        var path = PathOf(key);
        try
        {
            using var stream = File.OpenRead(path);
            var entry = JsonNode.Parse(stream);
            return entry?["response"]?.Deserialize<ChatResponse>(AIJsonUtilities.DefaultOptions);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException or IOException)
        {
            return null;
        }
    }

    /// <summary>Stores a successful answer under <paramref name="key"/> (atomically; a concurrent write of the same key wins or loses whole).</summary>
    public void Write(string key, ChatResponse response, string provider, ModelDefinition model, MatrixSample? sample, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        var path = PathOf(key);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var entry = new JsonObject
        {
            ["format_version"] = FormatVersion,
            ["key"] = key,
            ["provider"] = provider,
            ["model"] = model.Name,
            ["model_id"] = model.ModelId,
            ["sample"] = sample?.ToString(),
            ["cached_at"] = now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["response"] = JsonSerializer.SerializeToNode(response, AIJsonUtilities.DefaultOptions),
        };
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, entry.ToJsonString(), Utf8WithoutMark);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Where the entry of <paramref name="key"/> lives under <paramref name="directory"/>.</summary>
    public static string PathOf(string directory, string key) => Path.Combine(directory, key[..2], $"{key}.json");

    private string PathOf(string key) => PathOf(Directory, key);

    private static string DescribeTool(AITool tool) => tool switch
    {
        AIFunctionDeclaration function => $"{function.Name}\n{function.Description}\n{function.JsonSchema.GetRawText()}",
        _ => $"{tool.Name}\n{tool.Description}\n{tool.GetType().FullName}",
    };
}
