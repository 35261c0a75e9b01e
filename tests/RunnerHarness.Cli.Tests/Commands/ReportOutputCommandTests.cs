using RunnerHarness.Store;

namespace RunnerHarness.Cli.Tests.Commands;

/// <summary>Where <c>report --output</c> may write: never over an existing file unasked, never inside the store it reports on.</summary>
public sealed class ReportOutputCommandTests
{
    [Fact]
    public void ReportOutput_ExistingFileWithoutForce_IsRefusedAndKept()
    {
        using var cli = new CliRun();
        var path = Path.Combine(cli.Directory, "weekly.md");
        File.WriteAllText(path, "last week's report");

        var (code, _, error) = cli.Run("report", "--store", cli.Store, "--output", path);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal("last week's report", File.ReadAllText(path));
        Assert.Contains("<dir>/weekly.md exists; pass --force to replace the file.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportOutput_ExistingFileWithForce_IsReplaced()
    {
        using var cli = new CliRun();
        var path = Path.Combine(cli.Directory, "weekly.md");
        File.WriteAllText(path, "last week's report");

        var (code, _, error) = cli.Run("report", "--store", cli.Store, "--output", path, "--force");

        Assert.True(code == ExitCodes.Success, error);
        Assert.StartsWith("# RunnerHarness report", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void ReportOutput_SealedDataFileOfTheStore_IsRefusedEvenWithForce()
    {
        using var cli = new CliRun();
        var layout = new StoreLayout(cli.Store);
        var sealedFile = layout.DataFiles().First(f => f.EndsWith(StoreLayout.JsonLinesExtension, StringComparison.Ordinal));
        var before = File.ReadAllBytes(sealedFile);

        var (code, _, error) = cli.Run("report", "--store", cli.Store, "--format", "json", "--output", sealedFile, "--force");

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal(before, File.ReadAllBytes(sealedFile));
        Assert.Equal(80, new StoreReader(layout).Read().Count());
        Assert.Contains("is inside the store <store>", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportOutput_NewFileInsideTheStoreThroughALinkedFolder_IsRefused()
    {
        using var cli = new CliRun();
        var link = Path.Combine(cli.Directory, "reports");
        Directory.CreateSymbolicLink(link, cli.Store);

        var (code, _, error) = cli.Run("report", "--store", cli.Store, "--format", "html", "--output", Path.Combine(link, "report.html"));

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.False(File.Exists(Path.Combine(cli.Store, "report.html")));
        Assert.Contains("is inside the store <store>", error, StringComparison.Ordinal);
    }
}
