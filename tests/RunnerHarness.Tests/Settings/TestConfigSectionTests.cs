using RunnerHarness.Launching;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Tests.Settings;

public sealed class TestConfigSectionTests : IDisposable
{
    private const string WorkingDirectory = "/repo/tests/EvalBatch";

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void SettingDefinitions_OptionAndKeyNames_AreTheKeyInKebabAndCamelCaseWithStoreShortened()
    {
        Assert.Equal(("storage-format", "storageFormat"), (HarnessSettingDefinitions.StorageFormat.CommandLineOption, HarnessSettingDefinitions.StorageFormat.ConfigurationKey));
        Assert.Equal(("store", "store"), (HarnessSettingDefinitions.StorePath.CommandLineOption, HarnessSettingDefinitions.StorePath.ConfigurationKey));
        Assert.Equal(("run-id", "runId"), (HarnessSettingDefinitions.RunId.CommandLineOption, HarnessSettingDefinitions.RunId.ConfigurationKey));
        Assert.Equal(("target-samples", "targetSamples"), (HarnessSettingDefinitions.TargetSamples.CommandLineOption, HarnessSettingDefinitions.TargetSamples.ConfigurationKey));
        Assert.Equal(("prompt-types", "promptTypes"), (HarnessSettingDefinitions.PromptTypes.CommandLineOption, HarnessSettingDefinitions.PromptTypes.ConfigurationKey));
    }

    [Fact]
    public void SettingDefinitions_OptionNames_AreDistinct()
    {
        var options = HarnessSettingDefinitions.All.Select(s => s.CommandLineOption).ToList();

        Assert.Equal(options.Count, options.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(options, o => Assert.Matches("^[a-z][a-z0-9-]*$", o));
    }

    [Fact]
    public void AddTo_StringNumberAndBoolean_SetWithTheirKeyAsOrigin()
    {
        var options = TestConfigSection.AddTo(new HarnessOptions(), """{ "StorageFormat": "parquet", "targetSamples": 3, "debugRun": true }""");
        var settings = options.Build(WorkingDirectory);

        Assert.Equal(StorageFormat.Parquet, settings.Format);
        Assert.Equal(3, settings.TargetSamples);
        Assert.True(settings.DebugRun);
        Assert.Equal("testconfig.json runnerHarness:StorageFormat", settings.OriginOf(HarnessSettingDefinitions.StorageFormat).ToString());
    }

    [Fact]
    public void AddTo_UnknownKey_NamesItAndTheValidKeys()
    {
        var error = Assert.Throws<HarnessSettingsException>(() => TestConfigSection.AddTo(new HarnessOptions(), """{ "storageFormt": "parquet" }"""));

        Assert.Contains("unknown key 'storageFormt'", error.Message, StringComparison.Ordinal);
        Assert.Contains("storageFormat, store, runId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddTo_ObjectValue_NamesTheKeyAndWhatItMustBe()
    {
        var error = Assert.Throws<HarnessSettingsException>(() => TestConfigSection.AddTo(new HarnessOptions(), """{ "models": { "gpt-4o-mini": true } }"""));

        Assert.Contains("runnerHarness:models is a Object; it must be a string, number or boolean", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_BadValueFromTheSection_NamesTheKeyTheValueAndTheValidValues()
    {
        var options = TestConfigSection.AddTo(new HarnessOptions(), """{ "storageFormat": "xml" }""");

        var error = Assert.Throws<HarnessSettingsException>(() => options.Build(WorkingDirectory));

        Assert.Equal("RunnerHarness: testconfig.json runnerHarness:storageFormat has the invalid value 'xml'. Valid values: json, parquet (case-insensitive).", error.Message);
    }

    [Fact]
    public void Precedence_SectionBelowEnvironmentAndCommandLineAboveMSBuild()
    {
        var options = new HarnessOptions()
            .Set(HarnessSettingDefinitions.StorageFormat, "parquet", new SettingOrigin(SettingSource.CommandLine, "--storage-format"))
            .AddEnvironment(new Dictionary<string, string> { ["STORAGE_FORMAT"] = "json", ["RUNNER_HARNESS_RUN_ID"] = "env-run" }.GetValueOrDefault)
            .AddMSBuildProperties(new Dictionary<string, string> { ["RunnerHarnessRunId"] = "msbuild-run", ["RunnerHarnessTargetSamples"] = "9" });
        TestConfigSection.AddTo(options, """{ "storageFormat": "json", "runId": "testconfig-run", "targetSamples": 2 }""");

        Assert.Equal(SettingSource.CommandLine, options.Get(HarnessSettingDefinitions.StorageFormat)?.Origin.Source);
        Assert.Equal("env-run", options.Get(HarnessSettingDefinitions.RunId)?.Value);
        Assert.Equal(new RawSetting("2", new SettingOrigin(SettingSource.TestConfigFile, "runnerHarness:targetSamples")), options.Get(HarnessSettingDefinitions.TargetSamples));
    }

    [Fact]
    public void ReadSection_FileWithTheSectionInAnyCase_ReturnsItsJson()
    {
        var path = Path.Combine(_directory.Path, TestConfigSection.FileName);
        File.WriteAllText(path, """
            {
              // MTP's own settings beside ours
              "platformOptions": { "resultDirectory": "results" },
              "RunnerHarness": { "storageFormat": "parquet" },
            }
            """);

        Assert.Equal("""{ "storageFormat": "parquet" }""", TestConfigSection.ReadSection(path));
        Assert.Null(TestConfigSection.ReadSection(Path.Combine(_directory.Path, "missing.json")));
    }

    [Fact]
    public void Resolve_TestConfigSection_BelowRunSettingsWithItsStoreBesideTheProject()
    {
        var runSettings = new RunSettingsValues(
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["StorageFormat"] = "json" }, new Dictionary<string, string>(), null);

        var options = LaunchSettingsResolver.Resolve(
            _ => null, runSettings, new Dictionary<string, string> { ["RunnerHarnessTargetSamples"] = "9" }, WorkingDirectory,
            """{ "storageFormat": "parquet", "store": "../results/store", "targetSamples": 2 }""");

        Assert.Equal(SettingSource.RunSettingsParameter, options.Get(HarnessSettingDefinitions.StorageFormat)?.Origin.Source);
        Assert.Equal(Path.GetFullPath("/repo/tests/results/store"), options.Get(HarnessSettingDefinitions.StorePath)?.Value);
        Assert.Equal("2", options.Get(HarnessSettingDefinitions.TargetSamples)?.Value);
    }
}
