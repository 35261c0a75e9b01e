namespace RunnerHarness.Cli.Tests.Commands;

public class HelpTests
{
    [Theory]
    [InlineData("run")]
    [InlineData("report")]
    [InlineData("compare")]
    [InlineData("progress")]
    [InlineData("export")]
    public void Help_EveryCommand_ShowsExamplesAndStoreOption(string command)
    {
        using var cli = new CliRun();

        var (code, output, _) = cli.Run(command, "--help");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Examples:", output, StringComparison.Ordinal);
        Assert.Contains("--store", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoCommand_ExitsUsageError()
    {
        using var cli = new CliRun();

        Assert.Equal(ExitCodes.UsageError, cli.Run().ExitCode);
    }
}
