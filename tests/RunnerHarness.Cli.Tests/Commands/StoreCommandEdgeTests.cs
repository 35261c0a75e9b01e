using System.Text.Json;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Tests.Reporting;

namespace RunnerHarness.Cli.Tests.Commands;

/// <summary>What the commands say at the edges: a folder that is not a store, thousands of the same problem, a matrix too large to plan, a temporary report.</summary>
public sealed class StoreCommandEdgeTests
{
    [Fact]
    public void Report_FolderThatIsNotAStore_ExitsStoreUnavailableNamingIt()
    {
        using var cli = new CliRun();
        var folder = Path.Combine(cli.Directory, "results");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "gpt-4o-mini nightly, see the store on the CI machine");

        var (code, output, error) = cli.Run("report", "--store", folder);

        Assert.Equal(ExitCodes.StoreUnavailable, code);
        Assert.Empty(output);
        Assert.Contains("<dir>/results is not a RunnerHarness store", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ManyConflictingDuplicates_PrintsTwentyAndCountsEveryOneInJsonAndExitCode()
    {
        using var cli = new CliRun();
        // The same 80 ids sealed again with every outcome flipped: 80 ids stored with two different contents.
        CliRun.WriteStore(cli.Store, SampleRecords.All().Select(r => new ResultRecordBuilder(r)
        {
            Outcome = r.Outcome == TestOutcome.Passed ? TestOutcome.Failed : TestOutcome.Passed,
        }.Build()));

        var (code, output, _) = cli.Run("verify", "--store", cli.Store);
        var (jsonCode, json, _) = cli.Run("verify", "--store", cli.Store, "--json");

        Assert.Equal((ExitCodes.StoreDamaged, ExitCodes.StoreDamaged), (code, jsonCode));
        var printed = output.Split('\n').Count(l => l.StartsWith($"  {nameof(StoreProblemKind.ConflictingDuplicate)}:", StringComparison.Ordinal));
        Assert.True(printed == 20, output);
        Assert.Contains("  ... and 60 more ConflictingDuplicate problems (--json lists every one)", output, StringComparison.Ordinal);
        var problems = JsonDocument.Parse(json).RootElement.GetProperty("problems").EnumerateArray().ToList();
        Assert.Equal(80, problems.Count(p => p.GetProperty("kind").GetString() == nameof(StoreProblemKind.ConflictingDuplicate)));
        Assert.Contains($"{problems.Count} problems:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ProgressMatrix_HundredMillionCells_FailsBeforeExpandingNamingTheSizeAndTheCap()
    {
        using var cli = new CliRun();
        var matrixFile = Path.Combine(cli.Directory, "matrix.json");
        static string Axis(string prefix) => string.Join(", ", Enumerable.Range(0, 100).Select(i => $"\"{prefix}-{i:D3}\""));
        File.WriteAllText(matrixFile, $$"""
            { "models": [{{Axis("model")}}], "prompt_types": [{{Axis("prompt")}}], "difficulties": [{{Axis("level")}}], "task_types": [{{Axis("task")}}] }
            """);

        var (code, _, error) = cli.Run("progress", "--store", cli.Store, "--target", "1", "--matrix", matrixFile, "--batch", "WorkflowBench.Batches.ToolBatch.Run", "--assembly", "WorkflowBench");

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("100000000 rows", error, StringComparison.Ordinal);
        Assert.Contains("the most a batch may plan is 1000000", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ProgressMatrix_DamagedSummary_SaysTheFileWasReadInFullNotThatItWasSkipped()
    {
        using var cli = new CliRun();
        var summary = Directory.EnumerateFiles(new StoreLayout(cli.Store).SummaryDirectory, "*", SearchOption.AllDirectories).Single();
        File.AppendAllText(summary, " ");

        var (code, output, error) = cli.Run(SmallMatrixProgress(cli));

        Assert.Equal(ExitCodes.Success, code);
        Assert.DoesNotContain("skipped", output + error, StringComparison.Ordinal);
        Assert.Contains("1 damaged summary was not trusted; its file was read in full", output, StringComparison.Ordinal);
        Assert.Contains(nameof(StoreProblemKind.DamagedSummary), error, StringComparison.Ordinal);
    }

    [Fact]
    public void ProgressMatrix_TruncatedDataFile_SaysItWasSkippedAndNamesIt()
    {
        using var cli = new CliRun();
        var file = new StoreLayout(cli.Store).DataFiles().Single();
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(stream.Length / 2);
        }

        var (code, output, error) = cli.Run(SmallMatrixProgress(cli));

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("The store read skipped 1 damaged or unreadable file(s) or line(s); their rows run again.", output, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(file), error, StringComparison.Ordinal);
    }

    private static string[] SmallMatrixProgress(CliRun cli)
    {
        var matrixFile = Path.Combine(cli.Directory, "matrix.json");
        File.WriteAllText(matrixFile, """{ "models": ["alpha", "beta"], "prompt_types": ["baseline", "cot"], "difficulties": ["easy", "hard"] }""");
        return ["progress", "--store", cli.Store, "--target", "2", "--matrix", matrixFile, "--batch", "Bench.Batch.Run", "--assembly", "Bench.Tests"];
    }

    [Fact]
    public void ReportOpen_WritesIntoANewFolderOnlyItsUserMayEnter()
    {
        using var cli = new CliRun();

        var first = cli.Run("report", "--store", cli.Store, "--open");
        var second = cli.Run("report", "--store", cli.Store, "--open");

        Assert.Equal((ExitCodes.Success, ExitCodes.Success), (first.ExitCode, second.ExitCode));
        Assert.Equal(2, cli.Opened.Count);
        var folders = cli.Opened.Select(p => Path.GetDirectoryName(p)!).ToList();
        try
        {
            Assert.NotEqual(folders[0], folders[1]);
            if (!OperatingSystem.IsWindows())
            {
                foreach (var folder in folders)
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
                }
            }

            Assert.All(folders, f => Assert.StartsWith(Path.GetTempPath(), f, StringComparison.Ordinal));
            Assert.All(cli.Opened, p => Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(p), StringComparison.Ordinal));
        }
        finally
        {
            foreach (var folder in folders.Distinct())
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
