using RunnerHarness.Store.Remote;
using RunnerHarness.Settings;

namespace RunnerHarness.Launching;

/// <summary>
/// Resolves a launcher's settings once, from every route a test host would read, in the test host's precedence:
/// environment variables (the launcher's own, then the runsettings' <c>RunConfiguration/EnvironmentVariables</c>),
/// runsettings <c>TestRunParameters</c>, the <c>runnerHarness</c> section of the project's <c>testconfig.json</c> (which a test
/// host reads under Microsoft.Testing.Platform), then the project's MSBuild properties. The launcher's own options go on top
/// (<see cref="SettingSource.CommandLine"/>). Nothing is set that no route set.
/// </summary>
internal static class LaunchSettingsResolver
{
    /// <summary>
    /// Gathers the settings. Relative store paths from MSBuild properties and <c>testconfig.json</c> resolve against
    /// <paramref name="projectDirectory"/>, as the test host resolves them; the others stay as given, for
    /// <see cref="HarnessOptions.Build"/> to resolve.
    /// </summary>
    /// <param name="environment">Reads the launcher's environment.</param>
    /// <param name="runSettings">The runsettings given to the test run.</param>
    /// <param name="msbuildProperties">The project's MSBuild properties.</param>
    /// <param name="projectDirectory">The test project's directory.</param>
    /// <param name="testConfigSection">The JSON text of the project's <c>testconfig.json</c> section (<see cref="TestConfigSection"/>), or <see langword="null"/>.</param>
    /// <exception cref="HarnessSettingsException">The <c>testconfig.json</c> section has an unknown key or a value that is no string, number or boolean.</exception>
    public static HarnessOptions Resolve(
        Func<string, string?> environment,
        RunSettingsValues runSettings,
        IReadOnlyDictionary<string, string> msbuildProperties,
        string projectDirectory,
        string? testConfigSection = null)
    {
        ArgumentNullException.ThrowIfNull(runSettings);
        ArgumentNullException.ThrowIfNull(msbuildProperties);
        var properties = msbuildProperties.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        // A store URL (az://, s3://) is no path: it names the same store from every folder.
        if (properties.TryGetValue(HarnessSettingDefinitions.StorePath.MSBuildProperty, out var store) && !string.IsNullOrWhiteSpace(store) && !RemoteStores.IsUrl(store.Trim()))
        {
            properties[HarnessSettingDefinitions.StorePath.MSBuildProperty] = Path.GetFullPath(store.Trim(), projectDirectory);
        }

        var options = new HarnessOptions()
            .AddMSBuildProperties(properties)
            .AddRunSettingsParameters(runSettings.Parameters)
            .AddEnvironment(environment);
        if (testConfigSection is not null)
        {
            TestConfigSection.AddTo(options, testConfigSection);
            if (options.Get(HarnessSettingDefinitions.StorePath) is { Origin.Source: SettingSource.TestConfigFile } fromFile && !RemoteStores.IsUrl(fromFile.Value))
            {
                options.Set(HarnessSettingDefinitions.StorePath, Path.GetFullPath(fromFile.Value, projectDirectory), fromFile.Origin);
            }
        }

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
