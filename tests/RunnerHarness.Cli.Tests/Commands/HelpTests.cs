namespace RunnerHarness.Cli.Tests.Commands;

public class HelpTests
{
    /// <summary>Every command the tool registers, read from its command tree, so a new command is covered without editing this test.</summary>
    public static TheoryData<string> Commands() => new(CommandNames());

    private static string[] CommandNames()
    {
        using var cli = new CliRun();
        return [.. CliApplication.BuildRootCommand(cli.Context()).Subcommands.Select(c => c.Name)];
    }

    [Fact]
    public void Commands_TheToolsCommandTree_HasAllTenDocumentedCommands()
    {
        Assert.Equal(
            ["cache", "compact", "compare", "export", "import", "migrate", "progress", "report", "run", "verify"],
            CommandNames().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Help_EveryCommand_ShowsExamplesAndItsFolderOption(string command)
    {
        using var cli = new CliRun();

        var (code, output, _) = cli.Run(command, "--help");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("Examples:", output, StringComparison.Ordinal);
        Assert.Contains($"runner-harness {command}", output, StringComparison.Ordinal);
        // Every command works on a store, except cache, which works on the model response cache.
        Assert.Contains(command == "cache" ? "--cache-dir" : "--store", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoCommand_ExitsUsageError()
    {
        using var cli = new CliRun();

        Assert.Equal(ExitCodes.UsageError, cli.Run().ExitCode);
    }
}
