using RunnerHarness.Settings;

namespace RunnerHarness.Tests.Settings;

public sealed class MaxCostSettingsTests
{
    [Fact]
    public void Build_NothingSet_NoBudget()
    {
        Assert.Null(new HarnessOptions().Build("/work").MaxCostUsd);
    }

    [Fact]
    public void Build_MaxCostFromMSBuild_IsTheBudgetInDollars()
    {
        var settings = new HarnessOptions()
            .AddMSBuildProperties(new Dictionary<string, string> { ["RunnerHarnessMaxCost"] = "12.50" })
            .Build("/work");

        Assert.Equal(12.5, settings.MaxCostUsd);
        Assert.Equal(SettingSource.MSBuildProperty, settings.OriginOf(HarnessSettingDefinitions.MaxCost).Source);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("$5")]
    [InlineData("2,50")]
    [InlineData("five dollars")]
    public void Build_MaxCostNotAPositiveNumber_FailsNamingTheSettingAndValue(string value)
    {
        var error = Assert.Throws<HarnessSettingsException>(
            () => new HarnessOptions().AddEnvironment(n => n == "RUNNER_HARNESS_MAX_COST" ? value : null).Build("/work"));

        Assert.Contains($"RUNNER_HARNESS_MAX_COST has the invalid value '{value}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("a number of US dollars above 0", error.Message, StringComparison.Ordinal);
    }
}
