using RunnerHarness.Store;

namespace RunnerHarness.Packaging.Tests;

/// <summary>
/// The project's own <c>testconfig.json</c> (not a <c>--config-file</c>): MTP copies it beside the test application, and
/// `runner-harness run` reads it for every shard, so both record what it says.
/// </summary>
[Collection(GenerationPackages.Name)]
public sealed class ProjectTestConfigTests(GenerationConsumers consumers)
{
    [Fact]
    public void V3UnderMtp_ProjectTestConfig_PlainDotnetTestAndShardedRunRecordWhatItSays()
    {
        var project = consumers.V3MtpConfigured;
        var store = Path.GetFullPath(Path.Combine(project, "..", "stores", "project-testconfig"));

        GenerationConsumers.Test(project, []);
        var records = GenerationConsumers.Records(store);
        var run = ChildProcess.Run(consumers.Tool, ["run", project, "--shards", "2", "--no-build"], consumers.Folder, new Dictionary<string, string> { ["CI"] = "true" });

        GenerationConsumers.AssertSameResults(consumers.V2Records(), records);
        var all = GenerationConsumers.Records(store);
        Assert.True(all.Count == 2 * GenerationConsumers.Results, $"{all.Count} records after both runs, {2 * GenerationConsumers.Results} expected:\n{run.Output}");
        Assert.Equal(2, all.Select(r => r.RunId).Distinct().Count());
        Assert.All(new StoreLayout(store).DataFiles(), f => Assert.EndsWith(StoreLayout.ParquetExtension, f, StringComparison.Ordinal));
        var launched = File.ReadAllText(Directory.GetFiles(store, "settings.json", SearchOption.AllDirectories).Single());
        Assert.Contains(nameof(RunnerHarness.Settings.SettingSource.TestConfigFile), launched, StringComparison.Ordinal);
        Assert.Contains("runnerHarness:storageFormat", launched, StringComparison.Ordinal);
    }
}
