using RunnerHarness.Settings;

namespace RunnerHarness.Tests.Settings;

public sealed class FleetSizeSettingsTests
{
    [Fact]
    public void Build_NothingSet_FleetOfOneMachine()
    {
        Assert.Equal(1, new HarnessOptions().Build("/work").FleetSize);
    }

    [Fact]
    public void Build_FleetSizeFromEnvironmentOverMSBuild_IsTheEnvironments()
    {
        var settings = new HarnessOptions()
            .AddEnvironment(n => n == "RUNNER_HARNESS_FLEET_SIZE" ? "3" : null)
            .AddMSBuildProperties(new Dictionary<string, string> { ["RunnerHarnessFleetSize"] = "8" })
            .Build("/work");

        Assert.Equal(3, settings.FleetSize);
        Assert.Equal(SettingSource.EnvironmentVariable, settings.OriginOf(HarnessSettingDefinitions.FleetSize).Source);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("three")]
    [InlineData("1.5")]
    public void Build_FleetSizeBelowOneOrNotAWholeNumber_FailsNamingTheSettingAndValue(string value)
    {
        var error = Assert.Throws<HarnessSettingsException>(
            () => new HarnessOptions().AddEnvironment(n => n == "RUNNER_HARNESS_FLEET_SIZE" ? value : null).Build("/work"));

        Assert.Contains($"RUNNER_HARNESS_FLEET_SIZE has the invalid value '{value}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("a whole number of 1 or more", error.Message, StringComparison.Ordinal);
    }
}
