using RunnerHarness.Launching;
using RunnerHarness.Settings;

namespace RunnerHarness.Tests.Launching;

public sealed class LaunchSettingsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Resolve_EveryRoute_TestHostPrecedenceAndNothingUnset()
    {
        var environment = new Dictionary<string, string> { ["RUNNER_HARNESS_MODELS"] = "sim-medium", ["RUNNER_HARNESS_DIFFICULTIES"] = "hard" };
        var runSettings = new RunSettingsValues(
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["StorageFormat"] = "parquet", ["TargetSamples"] = "1", ["Difficulties"] = "easy" },
            new Dictionary<string, string> { ["RUNNER_HARNESS_MODELS"] = "sim-large" },
            null);
        var properties = new Dictionary<string, string> { ["RunnerHarnessStorageFormat"] = "json", ["RunnerHarnessStorePath"] = "bin/store" };

        var options = LaunchSettingsResolver.Resolve(environment.GetValueOrDefault, runSettings, properties, "/repo/tests/MyBatch");

        Assert.Equal(new RawSetting("parquet", new SettingOrigin(SettingSource.RunSettingsParameter, "StorageFormat")), options.Get(HarnessSettingDefinitions.StorageFormat));
        Assert.Equal("1", options.Get(HarnessSettingDefinitions.TargetSamples)?.Value);
        Assert.Equal("hard", options.Get(HarnessSettingDefinitions.Difficulties)?.Value);
        Assert.Equal("sim-large", options.Get(HarnessSettingDefinitions.Models)?.Value);
        Assert.Equal(Path.GetFullPath("/repo/tests/MyBatch/bin/store"), options.Get(HarnessSettingDefinitions.StorePath)?.Value);
        Assert.Null(options.Get(HarnessSettingDefinitions.RunId));
        Assert.Null(options.Get(HarnessSettingDefinitions.MaxParallelRows));
    }

    [Fact]
    public void WriteThenRead_EverySettingButTheShard_ValuesAndOriginsSurvive()
    {
        var options = new HarnessOptions()
            .Set(HarnessSettingDefinitions.StorageFormat, "parquet", new SettingOrigin(SettingSource.RunSettingsParameter, "StorageFormat"))
            .Set(HarnessSettingDefinitions.RunId, "20261128-051500-3f2a", new SettingOrigin(SettingSource.BuiltInDefault, "runner-harness run"))
            .Set(HarnessSettingDefinitions.Shard, "1/2", new SettingOrigin(SettingSource.EnvironmentVariable, "RUNNER_HARNESS_SHARD"));

        var path = LaunchSettingsFile.Write(Path.Combine(_directory.Path, "logs", "run-1"), options);
        var read = LaunchSettingsFile.Read(path);

        Assert.Equal(Path.Combine(_directory.Path, "logs", "run-1", "settings.json"), path);
        Assert.Equal(options.Get(HarnessSettingDefinitions.StorageFormat), read.Get(HarnessSettingDefinitions.StorageFormat));
        Assert.Equal(options.Get(HarnessSettingDefinitions.RunId), read.Get(HarnessSettingDefinitions.RunId));
        Assert.Null(read.Get(HarnessSettingDefinitions.Shard));
        Assert.Null(read.Get(HarnessSettingDefinitions.TargetSamples));
    }

    [Fact]
    public void Read_NotALaunchFile_ErrorNamesTheFileAndTheVariable()
    {
        var path = Path.Combine(_directory.Path, "settings.json");
        File.WriteAllText(path, "StorageFormat=parquet");

        var error = Assert.Throws<HarnessSettingsException>(() => LaunchSettingsFile.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(LaunchSettingsFile.EnvironmentVariable, error.Message, StringComparison.Ordinal);
    }
}
