using System.Text.RegularExpressions;

namespace RunnerHarness.Cli.Tests.Commands;

public partial class HelpTests
{
    /// <summary>Every command the tool registers, read from its command tree, so a new command is covered without editing this test.</summary>
    public static TheoryData<string> Commands() => new(CommandNames());

    private static string[] CommandNames()
    {
        using var cli = new CliRun();
        return [.. CliApplication.BuildRootCommand(cli.Context()).Subcommands.Select(c => c.Name)];
    }

    [Fact]
    public void Commands_TheToolsCommandTree_HasEveryCommandDocsCliDocuments()
    {
        // The reference's command sections (## `name`), not a list kept in this test: a command registered without
        // a section, or a section whose command is gone, fails here.
        var documented = CommandHeading().Matches(File.ReadAllText(RepositoryFolder.PathOf("docs", "cli.md"))).Select(m => m.Groups[1].Value);

        Assert.Equal(documented.Order(StringComparer.Ordinal), CommandNames().Order(StringComparer.Ordinal));
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
    public void Run_NoCommand_ExitsUsageErrorListingEveryCommand()
    {
        using var cli = new CliRun();

        var (code, output, error) = cli.Run();

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("Required command was not provided.", error, StringComparison.Ordinal);
        Assert.All(CommandNames(), command => Assert.Matches($@"(?m)^  {command}\b", output));
    }

    [GeneratedRegex(@"(?m)^## `?([a-z]+)`?\s*$")]
    private static partial Regex CommandHeading();
}
