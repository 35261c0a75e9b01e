using System.Text.Json;
using System.Text.Json.Serialization;

namespace RunnerHarness.Store;

/// <summary>What a writer records beside its logs so that whoever seals them after a crash files them under the right run.</summary>
internal sealed record WriterManifest(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("process_id")] int ProcessId,
    [property: JsonPropertyName("started_at")] DateTime StartedAt)
{
    private const string FileName = "writer.json";

    public void Save(string logFolder) =>
        File.WriteAllBytes(Path.Combine(logFolder, FileName), JsonSerializer.SerializeToUtf8Bytes(this, WriterManifestJsonContext.Default.WriterManifest));

    public static WriterManifest? TryLoad(string logFolder)
    {
        try
        {
            var bytes = File.ReadAllBytes(Path.Combine(logFolder, FileName));
            return JsonSerializer.Deserialize(bytes, WriterManifestJsonContext.Default.WriterManifest);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static void Delete(string logFolder) => File.Delete(Path.Combine(logFolder, FileName));

    public static bool IsManifestFile(string path) => Path.GetFileName(path) == FileName;
}
