using RunnerHarness.Models.Cache;
using RunnerHarness.Settings;

namespace RunnerHarness.Models.Configuration;

/// <summary>
/// The model settings of a run, resolved from the harness settings (environment, runsettings, MSBuild; see
/// <see cref="HarnessSettingDefinitions.ModelsConfig"/>, <see cref="HarnessSettingDefinitions.ModelCache"/> and
/// <see cref="HarnessSettingDefinitions.ModelCacheDirectory"/>): the models configuration, the cache mode and directory.
/// </summary>
/// <param name="Models">The models configuration; <see cref="ModelsConfiguration.BuiltInSimulation"/> when there is no file.</param>
/// <param name="CacheMode">How calls use the response cache.</param>
/// <param name="CacheDirectory">The response cache directory (full path).</param>
/// <param name="LimitsDirectory">The folder of the machine-wide provider limits (full path), or <see langword="null"/> for the default (<c>runner-harness-limits-&lt;user&gt;</c> in the temp folder).</param>
/// <param name="FleetSize">How many machines share the providers' limits; each limit is divided by it (<see cref="HarnessSettingDefinitions.FleetSize"/>).</param>
public sealed record ModelRunSettings(ModelsConfiguration Models, ResponseCacheMode CacheMode, string CacheDirectory, string? LimitsDirectory = null, int FleetSize = 1)
{
    /// <summary>The models file looked for beside the test project when no source names one.</summary>
    public const string DefaultModelsFileName = "runner-harness.models.json";

    /// <summary>The cache directory, beside the test project, when no source names one.</summary>
    public const string DefaultCacheDirectoryName = "runner-harness-model-cache";

    /// <summary>
    /// Resolves the model settings. Relative paths resolve against <paramref name="projectDirectory"/>; with no models
    /// file named, <c>runner-harness.models.json</c> in that directory is used if it exists.
    /// </summary>
    /// <exception cref="ModelsConfigurationException">The models file is named but missing, or invalid; or a cache setting is invalid.</exception>
    public static ModelRunSettings Resolve(HarnessSettings settings, string projectDirectory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(projectDirectory);
        return new ModelRunSettings(
            ReadModels(settings.RawValueOf(HarnessSettingDefinitions.ModelsConfig), projectDirectory),
            ParseCacheMode(settings.RawValueOf(HarnessSettingDefinitions.ModelCache)),
            Path.GetFullPath(settings.RawValueOf(HarnessSettingDefinitions.ModelCacheDirectory)?.Value ?? DefaultCacheDirectoryName, projectDirectory),
            settings.RawValueOf(HarnessSettingDefinitions.LimitsDirectory) is { } limits ? Path.GetFullPath(limits.Value, projectDirectory) : null,
            settings.FleetSize);
    }

    /// <summary>One line for the start of a run: the cache mode and directory.</summary>
    public string DescribeCache() => CacheMode == ResponseCacheMode.Off
        ? "RunnerHarness: model response cache off"
        : $"RunnerHarness: model response cache {ResponseCacheModes.NameOf(CacheMode)} at {CacheDirectory} (simulated models are not cached)";

    private static ModelsConfiguration ReadModels(RawSetting? raw, string projectDirectory)
    {
        if (raw is not null)
        {
            var path = Path.GetFullPath(raw.Value, projectDirectory);
            if (!File.Exists(path))
            {
                throw new ModelsConfigurationException($"RunnerHarness: {raw.Origin} names the models file '{raw.Value}', which does not exist (looked for {path}).");
            }

            return ModelsConfigurationReader.Read(path, raw.Origin.ToString());
        }

        var beside = Path.Combine(projectDirectory, DefaultModelsFileName);
        return File.Exists(beside)
            ? ModelsConfigurationReader.Read(beside, $"the default: {DefaultModelsFileName} beside the test project")
            : ModelsConfiguration.BuiltInSimulation;
    }

    private static ResponseCacheMode ParseCacheMode(RawSetting? raw)
    {
        if (raw is null)
        {
            return ResponseCacheMode.ReadWrite;
        }

        return ResponseCacheModes.TryParse(raw.Value, out var mode)
            ? mode
            : throw new ModelsConfigurationException($"RunnerHarness: {raw.Origin} has the invalid value '{raw.Value}'. Valid values: {string.Join(", ", ResponseCacheModes.All)}.");
    }
}
