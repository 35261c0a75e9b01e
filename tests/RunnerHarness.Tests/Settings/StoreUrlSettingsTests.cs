using RunnerHarness.Settings;

namespace RunnerHarness.Tests.Settings;

/// <summary>The store setting as a URL and its upload interval, where the RunnerHarness.ObjectStorage assembly is absent (as in this test project).</summary>
public sealed class StoreUrlSettingsTests
{
    [Fact]
    public void Build_StoreUrlWithoutTheObjectStorageAssembly_FailsNamingTheUrlAndThePackageToReference()
    {
        var error = Assert.Throws<HarnessSettingsException>(
            () => new HarnessOptions().AddEnvironment(n => n == "RUNNER_HARNESS_STORE" ? "az://study/workflowbench" : null).Build("/work"));

        Assert.Contains("RUNNER_HARNESS_STORE", error.Message, StringComparison.Ordinal);
        Assert.Contains("az://study/workflowbench", error.Message, StringComparison.Ordinal);
        Assert.Contains("Add a PackageReference to RunnerHarness.ObjectStorage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NothingSet_UploadsEveryMinuteAndTheStoreIsAFolder()
    {
        var settings = new HarnessOptions().Build("/work");

        Assert.Equal(TimeSpan.FromSeconds(60), settings.UploadInterval);
        Assert.Null(settings.StoreUrl);
        Assert.Equal(Path.GetFullPath("/work/runner-harness-store"), settings.StorePath);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("30s")]
    public void Build_UploadIntervalNotAWholeNumberOfSeconds_FailsNamingTheSettingAndValue(string value)
    {
        var error = Assert.Throws<HarnessSettingsException>(
            () => new HarnessOptions().AddEnvironment(n => n == "RUNNER_HARNESS_UPLOAD_INTERVAL" ? value : null).Build("/work"));

        Assert.Contains($"RUNNER_HARNESS_UPLOAD_INTERVAL has the invalid value '{value}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("a whole number of seconds, 1 or more", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_UploadIntervalFromMSBuild_IsThatManySeconds()
    {
        var settings = new HarnessOptions()
            .AddMSBuildProperties(new Dictionary<string, string> { ["RunnerHarnessUploadInterval"] = "15" })
            .Build("/work");

        Assert.Equal(TimeSpan.FromSeconds(15), settings.UploadInterval);
    }
}
