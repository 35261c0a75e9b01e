using RunnerHarness.Settings;

namespace RunnerHarness.Launching;

/// <summary>
/// Resolves a launcher's settings once, from every route a test host would read, in the test host's precedence:
/// environment variables (the launcher's own, then the runsettings' <c>RunConfiguration/EnvironmentVariables</c>),
/// runsettings <c>TestRunParameters</c>, then the project's MSBuild properties. The launcher's own options go on top
/// (<see cref="SettingSource.CommandLine"/>). Nothing is set that no route set.
/// </summary>
internal static class LaunchSettingsResolver
{
    /// <summary>
    /// Gathers the settings. Relative store paths from MSBuild properties resolve against <paramref name="projectDirectory"/>,
    /// as the test host resolves them; the others stay as given, for <see cref="HarnessOptions.Build"/> to resolve.
    /// </summary>
    public static HarnessOptions Resolve(
        Func<string, string?> environment,
        RunSettingsValues runSettings,
        IReadOnlyDictionary<string, string> msbuildProperties,
        string projectDirectory)
    {
        ArgumentNullException.ThrowIfNull(runSettings);
        ArgumentNullException.ThrowIfNull(msbuildProperties);
        var properties = msbuildProperties.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        if (properties.TryGetValue(HarnessSettingDefinitions.StorePath.MSBuildProperty, out var store) && !string.IsNullOrWhiteSpace(store))
        {
            properties[HarnessSettingDefinitions.StorePath.MSBuildProperty] = Path.GetFullPath(store.Trim(), projectDirectory);
        }

        var options = new HarnessOptions()
            .AddMSBuildProperties(properties)
            .AddRunSettingsParameters(runSettings.Parameters)
            .AddEnvironment(environment);
        foreach (var setting in HarnessSettingDefinitions.All)
        {
            if (runSettings.EnvironmentVariables.TryGetValue(setting.EnvironmentVariable, out var value))
            {
                options.Set(setting, value, new SettingOrigin(SettingSource.EnvironmentVariable, $"{setting.EnvironmentVariable} (runsettings RunConfiguration/EnvironmentVariables)"));
            }
        }

        return options;
    }
}
