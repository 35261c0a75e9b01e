using RunnerHarness.Settings;

namespace RunnerHarness.Xunit.Configuration;

/// <summary>
/// The settings a Microsoft.Testing.Platform run gives the test application: its harness command-line options
/// (<c>--storage-format parquet</c>) and the <c>runnerHarness</c> section of its <c>testconfig.json</c>. Captured by the v3
/// package's MTP extension before tests run; plain data, so that code which reads it needs no MTP assembly (under VSTest
/// there is none).
/// </summary>
/// <param name="CommandLineOptions">Each harness option given, with its value as given.</param>
/// <param name="ConfigurationSection">The JSON text of the <c>runnerHarness</c> section, or <see langword="null"/> without one.</param>
internal sealed record TestingPlatformRoutes(IReadOnlyList<KeyValuePair<SettingDefinition, string>> CommandLineOptions, string? ConfigurationSection)
{
    /// <summary>The command-line options, as a user wrote them, for a message.</summary>
    public string Describe() => string.Join(" ", CommandLineOptions.Select(o => $"--{o.Key.CommandLineOption} {o.Value}"));

    /// <summary>Adds the section (<see cref="SettingSource.TestConfigFile"/>) and the options (<see cref="SettingSource.CommandLine"/>).</summary>
    /// <exception cref="HarnessSettingsException">The section has an unknown key or a value that is no string, number or boolean.</exception>
    public HarnessOptions AddTo(HarnessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (ConfigurationSection is not null)
        {
            TestConfigSection.AddTo(options, ConfigurationSection);
        }

        foreach (var (setting, value) in CommandLineOptions)
        {
            options.Set(setting, value, new SettingOrigin(SettingSource.CommandLine, "--" + setting.CommandLineOption));
        }

        return options;
    }
}
