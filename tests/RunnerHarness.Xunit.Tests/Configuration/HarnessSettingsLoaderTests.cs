using RunnerHarness.Launching;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Tests;
using RunnerHarness.Xunit.Configuration;

namespace RunnerHarness.Xunit.Tests.Configuration;

/// <summary>The test host's settings under Microsoft.Testing.Platform: its options and testconfig.json section among the other routes.</summary>
public sealed class HarnessSettingsLoaderTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 12, 6, 19, 30, 0, DateTimeKind.Utc);

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Load_TestingPlatformRoutes_OptionOverEnvironmentOverTestConfigSection()
    {
        var routes = new TestingPlatformRoutes(
            [new(HarnessSettingDefinitions.StorageFormat, "parquet")],
            """{ "storageFormat": "json", "runId": "testconfig-run", "targetSamples": 2 }""");
        var environment = new Dictionary<string, string> { ["STORAGE_FORMAT"] = "json", ["RUNNER_HARNESS_RUN_ID"] = "environment-run" };

        var settings = HarnessSettingsLoader.Load(typeof(HarnessSettingsLoaderTests).Assembly, environment.GetValueOrDefault, Now, routes).Settings;

        Assert.Equal(StorageFormat.Parquet, settings.Format);
        Assert.Equal("command-line option --storage-format", settings.OriginOf(HarnessSettingDefinitions.StorageFormat).ToString());
        Assert.Equal("environment-run", settings.RunId);
        Assert.Equal(2, settings.TargetSamples);
        Assert.Equal("testconfig.json runnerHarness:targetSamples", settings.OriginOf(HarnessSettingDefinitions.TargetSamples).ToString());
    }

    [Fact]
    public void Load_MtpOptionsUnderALauncher_RefusedNamingThemAndWhereToGiveThem()
    {
        var environment = new Dictionary<string, string> { [LaunchSettingsFile.EnvironmentVariable] = LaunchFile() };
        var routes = new TestingPlatformRoutes([new(HarnessSettingDefinitions.StorageFormat, "json")], null);

        var error = Assert.Throws<HarnessSettingsException>(
            () => HarnessSettingsLoader.Load(typeof(HarnessSettingsLoaderTests).Assembly, environment.GetValueOrDefault, Now, routes));

        Assert.Contains("started by runner-harness run", error.Message, StringComparison.Ordinal);
        Assert.Contains("--storage-format json", error.Message, StringComparison.Ordinal);
        Assert.Contains("Give them to runner-harness run instead", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TestConfigSectionUnderALauncher_TakesTheLaunchersSettingsWhichIncludeIt()
    {
        var environment = new Dictionary<string, string> { [LaunchSettingsFile.EnvironmentVariable] = LaunchFile() };
        var routes = new TestingPlatformRoutes([], """{ "storageFormat": "json" }""");

        var settings = HarnessSettingsLoader.Load(typeof(HarnessSettingsLoaderTests).Assembly, environment.GetValueOrDefault, Now, routes).Settings;

        Assert.Equal(StorageFormat.Parquet, settings.Format);
        Assert.Equal("testconfig.json runnerHarness:storageFormat", settings.OriginOf(HarnessSettingDefinitions.StorageFormat).ToString());
    }

    /// <summary>A launcher's settings file as `runner-harness run` writes it, with parquet from the project's testconfig.json.</summary>
    private string LaunchFile() => LaunchSettingsFile.Write(
        Path.Combine(_directory.Path, "logs", "20261206-193000-ab12"),
        new HarnessOptions()
            .Set(HarnessSettingDefinitions.StorageFormat, "parquet", new SettingOrigin(SettingSource.TestConfigFile, "runnerHarness:storageFormat"))
            .Set(HarnessSettingDefinitions.StorePath, Path.Combine(_directory.Path, "store"), new SettingOrigin(SettingSource.BuiltInDefault, "runner-harness run"))
            .Set(HarnessSettingDefinitions.RunId, "20261206-193000-ab12", new SettingOrigin(SettingSource.BuiltInDefault, "runner-harness run")));
}
