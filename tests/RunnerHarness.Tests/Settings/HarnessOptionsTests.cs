using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Tests.Settings;

public sealed class HarnessOptionsTests
{
    private const string WorkingDirectory = "/work/dir";

    [Theory]
    [InlineData("json", StorageFormat.Json)]
    [InlineData("PARQUET", StorageFormat.Parquet)]
    [InlineData("Parquet", StorageFormat.Parquet)]
    public void Build_StorageFormatAnyCase_Parses(string value, StorageFormat expected)
    {
        var settings = Options(("STORAGE_FORMAT", value)).Build(WorkingDirectory);

        Assert.Equal(expected, settings.Format);
        Assert.Equal("environment variable STORAGE_FORMAT", settings.OriginOf(HarnessSettingDefinitions.StorageFormat).ToString());
    }

    [Fact]
    public void Build_NothingSet_UsesDefaultsAndSaysSo()
    {
        var settings = new HarnessOptions().Build(WorkingDirectory);

        Assert.Equal(StorageFormat.Json, settings.Format);
        Assert.Equal(Path.GetFullPath("runner-harness-store", WorkingDirectory), settings.StorePath);
        Assert.True(RunIdentity.IsValidRunId(settings.RunId));
        Assert.Null(settings.Shard);
        Assert.Equal(SettingSource.BuiltInDefault, settings.OriginOf(HarnessSettingDefinitions.StorageFormat).Source);
        Assert.Contains("format json (from built-in default)", settings.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_UnknownFormat_NamesVariableValueAndValidValues()
    {
        var error = Assert.Throws<HarnessSettingsException>(() => Options(("STORAGE_FORMAT", "xml")).Build(WorkingDirectory));

        Assert.Contains("STORAGE_FORMAT", error.Message, StringComparison.Ordinal);
        Assert.Contains("'xml'", error.Message, StringComparison.Ordinal);
        Assert.Contains("json, parquet", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3/2")]
    [InlineData("a/b")]
    [InlineData("2")]
    [InlineData("-1/4")]
    [InlineData("1/0")]
    public void Build_MalformedShard_FailsNamingTheValue(string shard)
    {
        var error = Assert.Throws<HarnessSettingsException>(() => Options(("RUNNER_HARNESS_SHARD", shard)).Build(WorkingDirectory));

        Assert.Contains("RUNNER_HARNESS_SHARD", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{shard}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("many")]
    public void Build_TargetSamplesBelowOne_Fails(string target)
    {
        var error = Assert.Throws<HarnessSettingsException>(() => Options(("RUNNER_HARNESS_TARGET_SAMPLES", target)).Build(WorkingDirectory));

        Assert.Contains("a whole number of 1 or more", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_EverySource_HigherPrecedenceWinsWhateverTheOrderAdded()
    {
        var options = new HarnessOptions()
            .AddEnvironment(name => name == "STORAGE_FORMAT" ? "parquet" : null)
            .AddRunSettingsParameters(new Dictionary<string, string> { ["storageformat"] = "json", ["StorePath"] = "from-runsettings" })
            .AddMSBuildProperties(new Dictionary<string, string> { ["RunnerHarnessStorePath"] = "from-msbuild", ["RunnerHarnessShard"] = "1/3" });

        var settings = options.Build(WorkingDirectory);

        Assert.Equal(StorageFormat.Parquet, settings.Format);
        Assert.Equal(Path.GetFullPath("from-runsettings", WorkingDirectory), settings.StorePath);
        Assert.Equal(new ShardSpec(1, 3), settings.Shard);
        Assert.Equal("runsettings parameter StorePath", settings.OriginOf(HarnessSettingDefinitions.StorePath).ToString());
        Assert.Equal("MSBuild property RunnerHarnessShard", settings.OriginOf(HarnessSettingDefinitions.Shard).ToString());
    }

    [Fact]
    public void Build_BlankValue_IsIgnoredSoTheLowerSourceStands()
    {
        var settings = new HarnessOptions()
            .AddMSBuildProperties(new Dictionary<string, string> { ["RunnerHarnessStorageFormat"] = "parquet" })
            .AddEnvironment(name => name == "STORAGE_FORMAT" ? "  " : null)
            .Build(WorkingDirectory);

        Assert.Equal(StorageFormat.Parquet, settings.Format);
    }

    [Fact]
    public void Build_FilterLists_SplitOnCommasAndTrim()
    {
        var settings = Options(("RUNNER_HARNESS_MODELS", "gpt-4o-mini, grok-3"), ("RUNNER_HARNESS_TASK_TYPES", "simple_task")).Build(WorkingDirectory);

        Assert.Equal(["gpt-4o-mini", "grok-3"], settings.Filter.Models);
        Assert.True(settings.Filter.Allows(RecordAxes.Model, "GROK-3"));
        Assert.True(settings.Filter.Allows(RecordAxes.TaskType, "simple_task"));
        Assert.True(settings.Filter.Allows(RecordAxes.Difficulty, "easy"));
        Assert.False(settings.Filter.Allows(RecordAxes.Model, "gpt-5-mini"));
        Assert.False(settings.Filter.Allows(RecordAxes.TaskType, "data_pipeline"));
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData(".hidden")]
    [InlineData("a b")]
    public void Build_RunIdThatCannotNameAFile_Fails(string runId)
    {
        Assert.Throws<HarnessSettingsException>(() => Options(("RUNNER_HARNESS_RUN_ID", runId)).Build(WorkingDirectory));
    }

    private static HarnessOptions Options(params (string Name, string Value)[] variables) =>
        new HarnessOptions().AddEnvironment(name => Array.Find(variables, v => v.Name == name).Value);
}
