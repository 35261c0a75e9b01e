using System.Text;
using System.Text.Json;
using RunnerHarness.Settings;

namespace RunnerHarness.Launching;

/// <summary>
/// The settings a launcher (<c>runner-harness run</c>, which the MSBuild target <c>RunnerHarnessShards</c> also runs)
/// resolved once from every route, written as <see cref="FileName"/> into the run's log folder and handed to every test
/// host it starts through the environment variable <see cref="EnvironmentVariable"/>. A test host given one takes every
/// setting from it, its shard from <c>RUNNER_HARNESS_SHARD</c>, and reads no other route, so all shards of a run agree.
/// </summary>
internal static class LaunchSettingsFile
{
    /// <summary>The environment variable holding the absolute path of the launch settings file.</summary>
    public const string EnvironmentVariable = "RUNNER_HARNESS_LAUNCH";

    /// <summary>The file's name in the run's log folder.</summary>
    public const string FileName = "settings.json";

    /// <summary>The folder beside the launch settings file where test hosts write their plans (<see cref="RunPlanLog"/>).</summary>
    public static string PlanDirectoryOf(string launchFile) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(launchFile)) ?? ".", RunPlanLog.DirectoryName);

    /// <summary>
    /// Writes every setting <paramref name="options"/> holds (value and origin) to <paramref name="logDirectory"/>/<see cref="FileName"/>,
    /// except the shard, which is per process; returns the file's path.
    /// </summary>
    public static string Write(string logDirectory, HarnessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(logDirectory);
        var path = Path.Combine(logDirectory, FileName);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            foreach (var setting in HarnessSettingDefinitions.All.Where(s => s != HarnessSettingDefinitions.Shard))
            {
                if (options.Get(setting) is not { } raw)
                {
                    continue;
                }

                json.WriteStartObject(setting.Key);
                json.WriteString("value", raw.Value);
                json.WriteString("source", raw.Origin.Source.ToString());
                json.WriteString("name", raw.Origin.Name);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        File.WriteAllBytes(path, stream.ToArray());
        return path;
    }

    /// <summary>Reads the settings written by <see cref="Write"/>, with their origins.</summary>
    /// <exception cref="HarnessSettingsException">The file is missing or is not a launch settings file; the message names the file and the variable.</exception>
    public static HarnessOptions Read(string path)
    {
        var options = new HarnessOptions();
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path, Encoding.UTF8));
            foreach (var setting in HarnessSettingDefinitions.All.Where(s => s != HarnessSettingDefinitions.Shard))
            {
                if (!document.RootElement.TryGetProperty(setting.Key, out var entry))
                {
                    continue;
                }

                var sourceText = entry.GetProperty("source").GetString();
                if (!Enum.TryParse<SettingSource>(sourceText, out var source))
                {
                    throw new HarnessSettingsException(
                        $"RunnerHarness: the launch settings file {path} (environment variable {EnvironmentVariable}) gives {setting.Key} the unknown source '{sourceText}'. Valid sources: {string.Join(", ", Enum.GetNames<SettingSource>())}.");
                }

                options.Set(setting, entry.GetProperty("value").GetString(), new SettingOrigin(source, entry.GetProperty("name").GetString() ?? setting.Key));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new HarnessSettingsException(
                $"RunnerHarness: the launch settings file {path} (environment variable {EnvironmentVariable}) cannot be read: {ex.Message} It is written by runner-harness run into the run's log folder; unset {EnvironmentVariable} to run without a launcher.",
                ex);
        }

        return options;
    }
}
