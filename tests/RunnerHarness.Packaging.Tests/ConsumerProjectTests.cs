using System.Text.Json;
using RunnerHarness.Schema;
using RunnerHarness.Store;

namespace RunnerHarness.Packaging.Tests;

/// <summary>The packed RunnerHarness.Xunit in a project made by `dotnet new xunit`, run the ways the docs show.</summary>
[Collection(PackedPackages.Name)]
public sealed class ConsumerProjectTests(PackagedConsumer consumer)
{
    [Fact]
    public void DotnetTest_PackageDefaults_RecordsEveryRowIntoTheProjectStoreAndTheToolReportsOnIt()
    {
        var store = Path.Combine(consumer.Project, "runner-harness-store");

        var run = consumer.Test([]);

        Assert.Contains($"store {store} (from built-in default)", run.Output, StringComparison.Ordinal);
        var records = Records(store);
        Assert.Equal(PackagedConsumer.Rows, records.Count);
        Assert.Equal(["claude-3-5-haiku", "gpt-4o-mini"], records.Select(r => r.Model).Distinct().Order(StringComparer.Ordinal));
        Assert.All(new StoreLayout(store).DataFiles(), f => Assert.EndsWith(StoreLayout.JsonLinesExtension, f, StringComparison.Ordinal));

        // The tool, from the folder above the project, finds the store the test host wrote.
        var version = consumer.RunTool(consumer.Folder, "--version");
        // Packed with -p:PackageVersion only, so the tool reports the assembly's version (the release version, plus the commit).
        Assert.StartsWith(consumer.Feed.Version.Split('-')[0] + "+", version.StandardOutput.Trim(), StringComparison.Ordinal);
        var report = consumer.RunTool(consumer.Folder, "report", "--json").Succeeded();
        Assert.Contains("note: reading Batch/runner-harness-store, the only store below", report.Output, StringComparison.Ordinal);
        var totals = JsonDocument.Parse(report.StandardOutput).RootElement.GetProperty("totals");
        Assert.Equal(PackagedConsumer.Rows, totals.GetProperty("total").GetInt64());
        Assert.Equal(2, totals.GetProperty("full_success").GetInt64());
        var summary = consumer.RunTool(consumer.Folder, "report").Succeeded();
        Assert.Contains("Success rate (results) by model x difficulty", summary.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void DotnetTest_StorageFormatParquet_RecordsParquetFiles()
    {
        var store = consumer.StoreBesideTheFolder("parquet-store");

        var run = consumer.Test([], new Dictionary<string, string> { ["STORAGE_FORMAT"] = "parquet", ["RUNNER_HARNESS_STORE"] = store });

        Assert.Contains("format parquet (from environment variable STORAGE_FORMAT)", run.Output, StringComparison.Ordinal);
        AssertHoldsEveryRow(store, StoreLayout.ParquetExtension);
    }

    [Fact]
    public void DotnetTest_RunSettingsTestRunParameters_ChooseFormatAndStore()
    {
        var store = consumer.StoreBesideTheFolder("settings-store");
        var settings = WriteRunSettings("parquet.runsettings", $"""
            <TestRunParameters>
              <Parameter name="StorageFormat" value="parquet" />
              <Parameter name="StorePath" value="{store}" />
            </TestRunParameters>
            """);

        var run = consumer.Test(["--settings", settings]);

        Assert.Contains("format parquet (from runsettings parameter StorageFormat)", run.Output, StringComparison.Ordinal);
        AssertHoldsEveryRow(store, StoreLayout.ParquetExtension);
    }

    [Fact]
    public void DotnetTest_RunSettingsEnvironmentVariables_ChooseFormatAndStore()
    {
        var store = consumer.StoreBesideTheFolder("environment-store");
        // Parquet, not the default JSON Lines: a format the variable did not choose would show as .jsonl files.
        var settings = WriteRunSettings("environment.runsettings", $"""
            <RunConfiguration>
              <EnvironmentVariables>
                <STORAGE_FORMAT>PARQUET</STORAGE_FORMAT>
                <RUNNER_HARNESS_STORE>{store}</RUNNER_HARNESS_STORE>
              </EnvironmentVariables>
            </RunConfiguration>
            """);

        var run = consumer.Test(["--settings", settings]);

        Assert.Contains("format parquet (from environment variable STORAGE_FORMAT)", run.Output, StringComparison.Ordinal);
        AssertHoldsEveryRow(store, StoreLayout.ParquetExtension);
    }

    private static List<ResultRecord> Records(string store) => [.. new StoreReader(new StoreLayout(store)).Read()];

    private static void AssertHoldsEveryRow(string store, string extension)
    {
        Assert.Equal(PackagedConsumer.Rows, Records(store).Count);
        Assert.All(new StoreLayout(store).DataFiles(), f => Assert.EndsWith(extension, f, StringComparison.Ordinal));
    }

    private string WriteRunSettings(string name, string sections)
    {
        var path = Path.Combine(consumer.Folder, name);
        File.WriteAllText(path, $"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<RunSettings>\n{sections}\n</RunSettings>\n");
        return path;
    }
}
