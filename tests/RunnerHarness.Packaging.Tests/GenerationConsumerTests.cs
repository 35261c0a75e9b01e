using RunnerHarness.Store;

namespace RunnerHarness.Packaging.Tests;

/// <summary>The packed RunnerHarness.Xunit.v3 under VSTest and Microsoft.Testing.Platform, held to what RunnerHarness.Xunit records for the same tests.</summary>
[Collection(GenerationPackages.Name)]
public sealed class GenerationConsumerTests(GenerationConsumers consumers, SharedRuns shared) : IClassFixture<SharedRuns>
{
    [Fact]
    public void V3UnderVSTest_FormatFromRunSettings_RecordsEveryResultWithItsArgumentsAsV2Does()
    {
        var settings = Path.Combine(consumers.Folder, "v3-parquet.runsettings");
        var store = Path.Combine(consumers.Folder, "stores", "v3-vstest");
        File.WriteAllText(settings, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <RunSettings>
              <TestRunParameters>
                <Parameter name="StorageFormat" value="parquet" />
                <Parameter name="StorePath" value="{store}" />
              </TestRunParameters>
            </RunSettings>
            """);

        var run = GenerationConsumers.Test(consumers.V3VSTest, ["--settings", settings]);

        Assert.Contains("format parquet (from runsettings parameter StorageFormat)", run.Output, StringComparison.Ordinal);
        Assert.All(new StoreLayout(store).DataFiles(), f => Assert.EndsWith(StoreLayout.ParquetExtension, f, StringComparison.Ordinal));
        GenerationConsumers.AssertSameResults(consumers.V2Records(), GenerationConsumers.Records(store));
    }

    [Fact]
    public void V3UnderMtp_FormatFromStorageFormatVariable_RecordsEveryResultWithItsArgumentsAsV2Does()
    {
        var store = Path.Combine(consumers.Folder, "stores", "v3-mtp");

        var run = consumers.RunTests(consumers.V3Mtp, [], new Dictionary<string, string> { ["STORAGE_FORMAT"] = "parquet", ["RUNNER_HARNESS_STORE"] = store });

        // MTP's own summary, which VSTest does not print: the project ran under Microsoft.Testing.Platform.
        Assert.Contains("Test run summary", run.Output, StringComparison.Ordinal);
        Assert.All(new StoreLayout(store).DataFiles(), f => Assert.EndsWith(StoreLayout.ParquetExtension, f, StringComparison.Ordinal));
        GenerationConsumers.AssertSameResults(consumers.V2Records(), GenerationConsumers.Records(store));
    }

    [Fact]
    public void V3UnderVSTest_Build_GetsNoMicrosoftTestingPlatformFromThePackage()
    {
        // The package's MTP extension is compiled against MTP without depending on it: an xunit.v3.mtp-off project stays a
        // VSTest project with nothing of MTP in its output, and an xunit.v3 project uses the MTP its xUnit brings.
        var output = Path.Combine(consumers.V3VSTest, "bin", "Debug", "net10.0");

        Assert.True(File.Exists(Path.Combine(output, "RunnerHarness.Xunit.v3.dll")), $"{output} has no RunnerHarness.Xunit.v3.dll");
        Assert.False(File.Exists(Path.Combine(output, "Microsoft.Testing.Platform.dll")), $"{output} has Microsoft.Testing.Platform.dll");
        Assert.True(File.Exists(Path.Combine(consumers.V3Mtp, "bin", "Debug", "net10.0", "Microsoft.Testing.Platform.dll")));
    }

    [Fact]
    public void V3UnderMtp_RunSettingsFileInTheProject_BuildWarnsThatItDoesNotApply()
    {
        var settings = Path.Combine(consumers.Folder, "mtp.runsettings");
        File.WriteAllText(settings, "<RunSettings><TestRunParameters><Parameter name=\"StorageFormat\" value=\"parquet\" /></TestRunParameters></RunSettings>");

        var build = ChildProcess.Run("dotnet", ["build", "--nologo", "--no-restore", $"-p:RunSettingsFilePath={settings}"], consumers.V3Mtp).Succeeded();

        Assert.Contains("warning RH0027", build.Output, StringComparison.Ordinal);
        Assert.Contains($"the runsettings file '{settings}' does not apply", build.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RunnerHarness.Xunit", true, "RunnerHarness.Xunit.v3")]
    [InlineData("RunnerHarness.Xunit.v3", false, "RunnerHarness.Xunit")]
    public void Build_PackageOfTheOtherGeneration_FailsWithOneMessageNamingTheRightPackage(string package, bool v3Project, string rightPackage)
    {
        // Both rows read one build of both mismatched projects; each row reads its own project's errors (MSBuild ends each
        // error line with the project it belongs to).
        var build = shared.Of("mismatched", () => consumers.Build(
            "mismatched",
            consumers.CreateMismatched("MismatchedV3", "RunnerHarness.Xunit", v3: true),
            consumers.CreateMismatched("MismatchedV2", "RunnerHarness.Xunit.v3", v3: false)));
        var projectFile = $"Mismatched{(v3Project ? "V3" : "V2")}.csproj";
        var errors = build.Output.Split('\n').Where(l => l.Contains("error", StringComparison.Ordinal) && l.Contains(projectFile, StringComparison.Ordinal)).ToList();

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains(errors, l => l.Contains("error RH0026", StringComparison.Ordinal) && l.Contains(package, StringComparison.Ordinal));
        Assert.All(errors, l => Assert.Contains($"dotnet add package {rightPackage}", l, StringComparison.Ordinal));
        Assert.DoesNotContain(errors, l => l.Contains("CS0433", StringComparison.Ordinal));
    }
}
