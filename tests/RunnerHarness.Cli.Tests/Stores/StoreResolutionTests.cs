using RunnerHarness.Settings;

namespace RunnerHarness.Cli.Tests.Stores;

/// <summary>
/// The tool resolves the store by the test host's own setting (<see cref="HarnessSettingDefinitions.StorePath"/>): in the
/// same folder and environment, <c>runner-harness</c> reads the store <c>dotnet test</c> writes. A variable name, default
/// or parsing rule of the CLI's own that drifted from the definition fails here.
/// </summary>
public sealed class StoreResolutionTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("stores/nightly")]
    [InlineData("/var/tmp/runner-harness/ci-store")]
    [InlineData(" stores/nightly ")]
    [InlineData("   ")]
    public void ResolveStore_NoStoreOption_IsTheStoreTheTestHostResolvesFromTheSameEnvironment(string? variable)
    {
        using var cli = new CliRun();
        cli.Environment[HarnessSettingDefinitions.StorePath.EnvironmentVariable] = variable;
        var testHost = new HarnessOptions().AddEnvironment(name => cli.Environment.GetValueOrDefault(name)).Build(cli.Directory);

        var resolved = cli.Context().ResolveStore(option: null);

        Assert.Equal(testHost.StorePath, resolved);
    }

    [Fact]
    public void ResolveStore_StoreOption_WinsOverTheVariableAsACommandLineSettingDoes()
    {
        using var cli = new CliRun();
        cli.Environment[HarnessSettingDefinitions.StorePath.EnvironmentVariable] = "stores/nightly";

        var resolved = cli.Context().ResolveStore(option: " stores/weekly ");

        Assert.Equal(Path.Combine(cli.Directory, "stores", "weekly"), resolved);
    }
}
