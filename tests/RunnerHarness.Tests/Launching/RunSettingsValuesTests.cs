using RunnerHarness.Launching;
using RunnerHarness.Settings;

namespace RunnerHarness.Tests.Launching;

public sealed class RunSettingsValuesTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void FromTestArguments_SettingsFileAndCommandLine_CommandLineWinsAndBothRoutesAreRead()
    {
        File.WriteAllText(Path.Combine(_directory.Path, "study.runsettings"), """
            <RunSettings>
              <RunConfiguration><EnvironmentVariables><STORAGE_FORMAT>parquet</STORAGE_FORMAT></EnvironmentVariables></RunConfiguration>
              <TestRunParameters>
                <Parameter name="TargetSamples" value="1" />
                <Parameter name="Models" value="sim-large" />
              </TestRunParameters>
            </RunSettings>
            """);

        var values = RunSettingsValues.FromTestArguments(
            ["--filter", "Category!=Slow", "-s", "study.runsettings", "--", "TestRunParameters.Parameter(name=\"TargetSamples\", value=\"3\")", "RunConfiguration.EnvironmentVariables.RUNNER_HARNESS_MODELS=sim-small"],
            _directory.Path);

        Assert.Equal(Path.Combine(_directory.Path, "study.runsettings"), values.SettingsFile);
        Assert.Equal("3", values.Parameters["targetsamples"]);
        Assert.Equal("sim-large", values.Parameters["Models"]);
        Assert.Equal(new Dictionary<string, string> { ["STORAGE_FORMAT"] = "parquet", ["RUNNER_HARNESS_MODELS"] = "sim-small" }, values.EnvironmentVariables);
    }

    [Fact]
    public void FromTestArguments_NoSettings_Empty()
    {
        var values = RunSettingsValues.FromTestArguments(["--filter", "FullyQualifiedName~Workflow"], _directory.Path);

        Assert.Null(values.SettingsFile);
        Assert.Empty(values.Parameters);
        Assert.Empty(values.EnvironmentVariables);
    }

    [Fact]
    public void FromTestArguments_MissingSettingsFile_ErrorNamesTheFile()
    {
        var error = Assert.Throws<HarnessSettingsException>(() => RunSettingsValues.FromTestArguments(["--settings=missing.runsettings"], _directory.Path));

        Assert.Contains(Path.Combine(_directory.Path, "missing.runsettings"), error.Message, StringComparison.Ordinal);
    }
}
