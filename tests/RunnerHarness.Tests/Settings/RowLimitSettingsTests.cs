using RunnerHarness.Settings;

namespace RunnerHarness.Tests.Settings;

public sealed class RowLimitSettingsTests
{
    [Fact]
    public void Build_NothingSet_Allows16RowsAndNoProviderLimits()
    {
        var settings = new HarnessOptions().Build("/work");

        Assert.Equal(16, settings.MaxParallelRows);
        Assert.Empty(settings.ProviderLimits);
    }

    [Fact]
    public void Build_ProviderLimits_ParsesConcurrencyAndRateWithEitherSeparator()
    {
        var settings = Build(("RUNNER_HARNESS_PROVIDER_LIMITS", " openai = 4@20 , azure=8; local=1;"), ("RUNNER_HARNESS_MAX_PARALLEL_ROWS", "12"));

        Assert.Equal(12, settings.MaxParallelRows);
        Assert.Equal([new ProviderLimit("openai", 4, 20), new ProviderLimit("azure", 8), new ProviderLimit("local", 1)], settings.ProviderLimits);
    }

    [Fact]
    public void Build_ProviderLimitsFromMSBuild_AreUsedWhenNoVariableIsSet()
    {
        var settings = new HarnessOptions()
            .AddMSBuildProperties(new Dictionary<string, string> { ["RunnerHarnessProviderLimits"] = "openai=2", ["RunnerHarnessMaxParallelRows"] = "3" })
            .Build("/work");

        Assert.Equal(3, settings.MaxParallelRows);
        Assert.Equal("MSBuild property RunnerHarnessProviderLimits", settings.OriginOf(HarnessSettingDefinitions.ProviderLimits).ToString());
    }

    [Theory]
    [InlineData("openai", "'openai' is not provider=N")]
    [InlineData("=4", "'=4' is not provider=N")]
    [InlineData("openai=0", "'0' is not N or N@R")]
    [InlineData("openai=four", "'four' is not N or N@R")]
    [InlineData("openai=4@0", "the rate '0' is not a whole number")]
    [InlineData("openai=4@2@3", "is not N or N@R")]
    [InlineData("openai=4;OpenAI=2", "the provider 'OpenAI' is named twice")]
    public void Build_MalformedProviderLimits_FailsNamingVariableEntryAndSyntax(string value, string expected)
    {
        var error = Assert.Throws<HarnessSettingsException>(() => Build(("RUNNER_HARNESS_PROVIDER_LIMITS", value)));

        Assert.Contains("environment variable RUNNER_HARNESS_PROVIDER_LIMITS", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("provider=N@R", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("many")]
    public void Build_MaxParallelRowsBelowOneOrNotANumber_Fails(string value)
    {
        var error = Assert.Throws<HarnessSettingsException>(() => Build(("RUNNER_HARNESS_MAX_PARALLEL_ROWS", value)));

        Assert.Contains($"RUNNER_HARNESS_MAX_PARALLEL_ROWS has the invalid value '{value}'", error.Message, StringComparison.Ordinal);
    }

    private static HarnessSettings Build(params (string Name, string Value)[] variables) =>
        new HarnessOptions().AddEnvironment(n => variables.FirstOrDefault(v => v.Name == n).Value).Build("/work");
}
