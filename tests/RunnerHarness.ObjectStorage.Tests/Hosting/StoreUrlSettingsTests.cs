using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Mirroring;
using RunnerHarness.Settings;

namespace RunnerHarness.ObjectStorage.Tests.Hosting;

/// <summary>The store setting as a URL, with the RunnerHarness.ObjectStorage assembly present: the mirror is where the test host writes.</summary>
public sealed class StoreUrlSettingsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rh-urlsettings-").FullName;

    [Fact]
    public void Build_StoreUrlFromEveryRoute_KeepsTheUrlAndWritesToItsMirrorUnderTheMirrorDirectory()
    {
        var fromMSBuild = Build(new HarnessOptions().AddMSBuildProperties(new Dictionary<string, string>
        {
            ["RunnerHarnessStorePath"] = "s3://team-evals/studies/workflowbench",
            ["RunnerHarnessStoreMirrorDirectory"] = "mirrors",
        }));
        var fromRunSettings = Build(new HarnessOptions().AddRunSettingsParameters(new Dictionary<string, string>
        {
            ["StorePath"] = "s3://team-evals/studies/workflowbench",
            ["StoreMirrorDirectory"] = Path.Combine(_root, "mirrors"),
        }));
        var fromEnvironment = Build(new HarnessOptions().AddEnvironment(n => n switch
        {
            "RUNNER_HARNESS_STORE" => "s3://team-evals/studies/workflowbench",
            "RUNNER_HARNESS_STORE_MIRROR_DIR" => Path.Combine(_root, "mirrors"),
            _ => null,
        }));

        var expected = StoreMirrorFolder.Of(StoreLocation.Parse("s3://team-evals/studies/workflowbench"), StoreEnvironment.Process, Path.Combine(_root, "mirrors"));
        Assert.All([fromMSBuild, fromRunSettings, fromEnvironment], settings =>
        {
            Assert.Equal("s3://team-evals/studies/workflowbench", settings.StoreUrl);
            Assert.Equal(expected, settings.StorePath);
            Assert.Contains("store s3://team-evals/studies/workflowbench", settings.Describe(), StringComparison.Ordinal);
            Assert.Contains($"mirror {expected}", settings.Describe(), StringComparison.Ordinal);
        });

        HarnessSettings Build(HarnessOptions options) => options.Build(_root);
    }

    [Theory]
    [InlineData("az://Study/x", "container name 'Study'")]
    [InlineData("s3://ab/x", "bucket name 'ab'")]
    [InlineData("AZ://study/x", "no known scheme")]
    public void Build_InvalidStoreUrl_FailsAtStartNamingTheSettingAndWhatIsWrong(string url, string problem)
    {
        var error = Assert.Throws<HarnessSettingsException>(
            () => new HarnessOptions().AddEnvironment(n => n == "RUNNER_HARNESS_STORE" ? url : null).Build(_root));

        Assert.Contains("RUNNER_HARNESS_STORE", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StoreMirrorDirectory_IsTheVariableTheMirrorFolderReads()
    {
        Assert.Equal(StoreMirrorFolder.RootVariable, HarnessSettingDefinitions.StoreMirrorDirectory.EnvironmentVariable);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
