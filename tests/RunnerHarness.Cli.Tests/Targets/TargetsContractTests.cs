namespace RunnerHarness.Cli.Tests.Targets;

/// <summary>
/// <c>build/RunnerHarness.Xunit.Common.targets</c> held against the C# definitions: the settings it bakes and the exit codes it
/// names, so a setting added in C# but not baked, or a code renumbered, fails here and not at a user's build.
/// </summary>
public sealed class TargetsContractTests
{
    private static readonly string TargetsText = File.ReadAllText(RepositoryFolder.PathOf("build", "RunnerHarness.Xunit.Common.targets"));

    [Fact]
    public void Targets_BakeEverySettingAndNameEveryExitCodeAsTheDefinitionsDo()
    {
        var problems = TargetsContract.Problems(TargetsText);

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Targets_BakeAndTestSomething_TheContractIsNotVacuous()
    {
        // The check above passes on a file with no settings and no codes; the real one has both.
        Assert.Contains("<_RunnerHarnessSetting Include=\"RunnerHarnessStorePath\" Value=\"$(RunnerHarnessStorePath)\" />", TargetsText, StringComparison.Ordinal);
        Assert.Contains("'$(_RunnerHarnessShardsExitCode)' == '9'", TargetsText, StringComparison.Ordinal);
        Assert.Contains("2 usage error", TargetsText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("      <_RunnerHarnessSetting Include=\"RunnerHarnessModelCache\" Value=\"$(RunnerHarnessModelCache)\" />\n", "", "the setting property 'RunnerHarnessModelCache' 0 times")]
    [InlineData("Include=\"RunnerHarnessModelCache\" Value=\"$(RunnerHarnessModelCache)\"", "Include=\"RunnerHarnessModelsCache\" Value=\"$(RunnerHarnessModelsCache)\"", "'RunnerHarnessModelsCache', which is no setting's MSBuild property")]
    [InlineData("Include=\"RunnerHarnessRunId\" Value=\"$(RunnerHarnessRunId)\"", "Include=\"RunnerHarnessRunId\" Value=\"$(RunnerHarnessRunID)\"", "bake 'RunnerHarnessRunId' from '$(RunnerHarnessRunID)'")]
    [InlineData("'$(RUNNER_HARNESS_LAUNCH)'", "'$(RUNNER_HARNESS_LAUNCHED)'", "'RUNNER_HARNESS_LAUNCHED', which no definition declares")]
    [InlineData("2 usage error", "2 usage eror", "the exit code 2 'usage eror', but ExitCodes calls it UsageError")]
    [InlineData("8 build failed", "11 build failed", "the exit code 11 (build failed), which ExitCodes does not define")]
    [InlineData("'$(_RunnerHarnessShardsExitCode)' == '9'", "'$(_RunnerHarnessShardsExitCode)' == '19'", "test the exit code 19, which ExitCodes does not define")]
    public void Targets_OneSettingOrCodeMissingOrMisspelled_IsReported(string real, string broken, string problem)
    {
        Assert.Contains(real, TargetsText, StringComparison.Ordinal);

        var problems = TargetsContract.Problems(TargetsText.Replace(real, broken, StringComparison.Ordinal));

        Assert.Contains(problems, p => p.Contains(problem, StringComparison.Ordinal));
    }
}
