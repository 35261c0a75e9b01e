using System.Text.RegularExpressions;
using RunnerHarness.Store;

namespace RunnerHarness.Packaging.Tests;

/// <summary>
/// The packed RunnerHarness.Xunit.v3 under Microsoft.Testing.Platform takes its settings from the MTP command-line options it
/// registers and from the <c>runnerHarness</c> section of <c>testconfig.json</c>, in the precedence docs/configuration.md gives,
/// and lists what it recorded as a session artifact of a plain <c>dotnet test</c>. The first test runs <c>dotnet test</c>, whose
/// options and artifacts it claims; the others run the test application itself (<see cref="GenerationConsumers.RunTests"/>),
/// where the options and the testconfig.json are read.
/// </summary>
[Collection(GenerationPackages.Name)]
public sealed partial class TestingPlatformSettingsTests(GenerationConsumers consumers)
{
    [Fact]
    public void V3UnderMtp_FormatFromMtpOption_RecordsEveryResultAsV2DoesAndListsWhatItRecorded()
    {
        var store = Store("mtp-option");

        var run = GenerationConsumers.Test(consumers.V3Mtp, ["--storage-format", "parquet", "--store", store]);

        Assert.All(new StoreLayout(store).DataFiles(), f => Assert.EndsWith(StoreLayout.ParquetExtension, f, StringComparison.Ordinal));
        GenerationConsumers.AssertSameResults(consumers.V2Records(), GenerationConsumers.Records(store));
        var log = HarnessLog(run);
        Assert.Contains("format parquet (from command-line option --storage-format)", log, StringComparison.Ordinal);
        Assert.Contains($"store {store} (from command-line option --store)", log, StringComparison.Ordinal);
        const int written = GenerationConsumers.Results + GenerationConsumers.BatchResults;
        Assert.Contains($"wrote {written} records for {written} results of {GenerationConsumers.AssemblyName}", log, StringComparison.Ordinal);
    }

    [Fact]
    public void V3UnderMtp_FormatFromTestConfigFile_RecordsEveryResultAsV2Does()
    {
        var store = Store("testconfig");
        var config = TestConfig("format.testconfig.json", $$"""{ "runnerHarness": { "storageFormat": "parquet", "store": "{{store}}" } }""");

        var run = consumers.RunTests(consumers.V3Mtp, ["--config-file", config]);

        Assert.All(new StoreLayout(store).DataFiles(), f => Assert.EndsWith(StoreLayout.ParquetExtension, f, StringComparison.Ordinal));
        GenerationConsumers.AssertSameResults(consumers.V2Records(), GenerationConsumers.Records(store));
        Assert.Contains("format parquet (from testconfig.json runnerHarness:storageFormat)", HarnessLog(run), StringComparison.Ordinal);
    }

    [Fact]
    public void V3UnderMtp_OptionEnvironmentAndTestConfig_OptionBeatsEnvironmentWhichBeatsTestConfig()
    {
        var store = Store("precedence");
        var config = TestConfig(
            "precedence.testconfig.json", $$"""{ "runnerHarness": { "storageFormat": "parquet", "runId": "testconfig-run", "store": "{{store}}" } }""");

        var run = consumers.RunTests(
            consumers.V3Mtp,
            ["--config-file", config, "--run-id", "option-run"],
            new Dictionary<string, string> { ["STORAGE_FORMAT"] = "json", ["RUNNER_HARNESS_RUN_ID"] = "environment-run" });

        var records = GenerationConsumers.Records(store);
        Assert.Equal(GenerationConsumers.Results, records.Count);
        Assert.All(records, r => Assert.Equal("option-run", r.RunId));
        Assert.All(new StoreLayout(store).DataFiles(), f => Assert.EndsWith(StoreLayout.JsonLinesExtension, f, StringComparison.Ordinal));
        var log = HarnessLog(run);
        Assert.Contains("format json (from environment variable STORAGE_FORMAT)", log, StringComparison.Ordinal);
        Assert.Contains($"store {store} (from testconfig.json runnerHarness:store)", log, StringComparison.Ordinal);
        Assert.Contains("run option-run (from command-line option --run-id)", log, StringComparison.Ordinal);
    }

    [Fact]
    public void V3UnderMtp_BadOptionValue_RefusedBeforeAnyTestRunsWithTheOptionTheValueAndTheValidValues()
    {
        var store = Store("bad-option");

        var run = consumers.RunTests(consumers.V3Mtp, ["--storage-format", "xml", "--store", store]);

        Assert.Equal(5, run.ExitCode);
        Assert.Contains(
            "Option '--storage-format' has invalid arguments: RunnerHarness: command-line option --storage-format has the invalid value 'xml'. Valid values: json, parquet (case-insensitive).",
            run.Output,
            StringComparison.Ordinal);
        Assert.False(Directory.Exists(store), $"nothing may be written, but {store} exists");
    }

    [Fact]
    public void V3UnderMtp_UnknownTestConfigKey_FailsTheRunNamingTheKeyAndRecordsNothing()
    {
        var store = Store("bad-testconfig");
        var config = TestConfig("typo.testconfig.json", $$"""{ "runnerHarness": { "storageFormt": "parquet", "store": "{{store}}" } }""");

        var run = consumers.RunTests(consumers.V3Mtp, ["--config-file", config]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("testconfig.json section runnerHarness has the unknown key 'storageFormt'. Valid keys: storageFormat, store, runId", run.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(store), $"nothing may be written, but {store} exists");
    }

    /// <summary>The harness's lines of the run: the file the run lists among its artifacts.</summary>
    private static string HarnessLog(ProcessResult run)
    {
        var artifact = HarnessLogArtifact().Match(run.Output);
        Assert.True(artifact.Success, $"dotnet test listed no RunnerHarness log among its artifacts:\n{run.Output}");
        return File.ReadAllText(artifact.Value);
    }

    private string Store(string name) => Path.Combine(consumers.Folder, "stores", name);

    private string TestConfig(string name, string json)
    {
        var path = Path.Combine(consumers.Folder, name);
        File.WriteAllText(path, json);
        return path;
    }

    [GeneratedRegex(@"/\S*runner-harness_EvalBatch_\S+\.log")]
    private static partial Regex HarnessLogArtifact();
}
