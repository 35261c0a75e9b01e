using System.Diagnostics;
using System.Text.RegularExpressions;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Tests;
using RunnerHarness.Tests.Reporting;

namespace RunnerHarness.Cli.Tests.Ci;

/// <summary>
/// The CI recipes of samples/ci: three machines' stores merged by copying with the recipes' own script, then the
/// recipes' report and gate; and every `runner-harness` command the recipes run parses against this CLI.
/// </summary>
public sealed partial class CiRecipeTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public void MergeStores_ThreeMachinesAndABaseline_MergedStoreHoldsEveryRecordExactlyOnce()
    {
        var all = SampleRecords.All().ToList();
        var baseline = Write("baseline", StorageFormat.Json, all.Where(r => r.RunId == "run-1"));
        var candidate = all.Where(r => r.RunId == "run-2").ToList();
        var machines = Enumerable.Range(0, 3)
            .Select(m => Write($"machine-{m}", m == 1 ? StorageFormat.Json : StorageFormat.Parquet, candidate.Where((_, i) => i % 3 == m)))
            .ToList();
        var merged = Path.Combine(_directory.Path, "merged");

        // A store, a data/ folder (as an artifact holds it) and plain stores: every form the recipes pass.
        var first = MergeStores(merged, baseline, Path.Combine(machines[0], "data"), machines[1], machines[2]);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("copied", first.Output, StringComparison.Ordinal);
        AssertExactly(all, merged);

        // A retried job downloads the same artifacts again: nothing is copied twice.
        var again = MergeStores(merged, machines[0], machines[1], machines[2]);
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains("copied 0 files", again.Output, StringComparison.Ordinal);
        AssertExactly(all, merged);
    }

    [Fact]
    public void MergedStore_RecipeReportAndGate_ReportTheRunAndFailOnTheRegression()
    {
        var all = SampleRecords.All().ToList();
        var baseline = Write("baseline", StorageFormat.Json, all.Where(r => r.RunId == "run-1"));
        var machines = Enumerable.Range(0, 3).Select(m => Write($"machine-{m}", StorageFormat.Parquet, all.Where((r, i) => r.RunId == "run-2" && i % 3 == m))).ToList();
        var merged = Path.Combine(_directory.Path, "merged");
        Assert.Equal(0, MergeStores(merged, [baseline, .. machines]).ExitCode);
        using var cli = new CliRun([]);

        var (reportCode, markdown, _) = cli.Run("report", "--store", merged, "--run", "run-2", "--format", "markdown");
        // SampleRecords answers only 4 items per model, 5 times each: clustered by item (the paired default) 8 pairs
        // cannot show beta's drop (sign-flip p = 0.36), so the gate is checked on the independent-sample test.
        var (gateCode, _, _) = cli.Run("compare", "run:run-1", "run:run-2", "--store", merged, "--fail-on-regression", "--unpaired");

        Assert.Equal(ExitCodes.Success, reportCode);
        Assert.StartsWith("# ", markdown, StringComparison.Ordinal);
        Assert.Contains("run_id = run-2", markdown, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.GateFailed, gateCode); // beta regresses in run-2
    }

    [Fact]
    public void MergeStores_SameFileDiffers_FailsNamingIt()
    {
        var first = Write("a", StorageFormat.Json, SampleRecords.All().Take(5));
        var second = Path.Combine(_directory.Path, "b");
        CopyDirectory(first, second);
        var file = new StoreLayout(second).DataFiles().Single();
        File.AppendAllText(file, "{\"record_id\":\"tampered\"}\n");
        var merged = Path.Combine(_directory.Path, "merged");

        var result = MergeStores(merged, first, second);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{new StoreLayout(second).Relative(file)["data/".Length..]} differs between {second}", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("github-actions.yml")]
    [InlineData("azure-pipelines.yml")]
    public void Recipe_EveryRunnerHarnessCommand_ParsesAgainstTheCli(string recipe)
    {
        var text = File.ReadAllText(Path.Combine(RecipeFolder, recipe));
        var commands = RunnerHarnessCommand().Matches(text).Select(m => m.Groups[1].Value).ToList();

        Assert.Contains(commands, c => c.StartsWith("report ", StringComparison.Ordinal) && c.Contains("--format markdown", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.StartsWith("compare ", StringComparison.Ordinal) && c.Contains("--fail-on-regression", StringComparison.Ordinal));
        Assert.Contains("samples/ci/merge-stores.sh store ci/baseline-store", text, StringComparison.Ordinal);
        Assert.Contains("store/data", text, StringComparison.Ordinal);
        foreach (var command in commands)
        {
            var arguments = Arguments(command);
            using var cli = new CliRun([]);
            var parse = CliApplication.BuildRootCommand(CliContextFor(cli)).Parse(arguments);
            Assert.True(parse.Errors.Count == 0, $"`runner-harness {command}`: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        }
    }

    [Theory]
    [InlineData("github-actions-shared-store.yml")]
    [InlineData("azure-pipelines-shared-store.yml")]
    public void SharedStoreRecipe_ShardsWriteToTheUrlStoreAndEveryCommandParsesAgainstTheCli(string recipe)
    {
        var text = File.ReadAllText(Path.Combine(RecipeFolder, recipe));
        var commands = RunnerHarnessCommand().Matches(text).Select(m => m.Groups[1].Value).ToList();

        Assert.Matches(@"RUNNER_HARNESS_STORE: az://[a-z0-9-]+/", text);
        Assert.Contains("RUNNER_HARNESS_UPLOAD_INTERVAL", text, StringComparison.Ordinal);
        Assert.DoesNotContain("merge-stores.sh store", text, StringComparison.Ordinal);
        Assert.Contains(commands, c => c.StartsWith("report ", StringComparison.Ordinal) && c.Contains("--format markdown", StringComparison.Ordinal));
        Assert.Contains(commands, c => c.StartsWith("compare ", StringComparison.Ordinal) && c.Contains("--fail-on-regression", StringComparison.Ordinal));
        Assert.All(commands, c => Assert.Contains("--store \"$", c, StringComparison.Ordinal));
        foreach (var command in commands)
        {
            using var cli = new CliRun([]);
            var parse = CliApplication.BuildRootCommand(CliContextFor(cli)).Parse(Arguments(command));
            Assert.True(parse.Errors.Count == 0, $"`runner-harness {command}`: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        }
    }

    public void Dispose() => _directory.Dispose();

    private static string RecipeFolder => Path.Combine(RepositoryFolder.Root, "samples", "ci");

    private string Write(string name, StorageFormat format, IEnumerable<ResultRecord> records)
    {
        var path = Path.Combine(_directory.Path, name);
        using var writer = RecordWriter.Open(new StoreLayout(path), SampleHoldings.Rule, format, "recipe", scope: name);
        foreach (var record in records)
        {
            writer.Append(record);
        }

        writer.Complete();
        return path;
    }

    private static void AssertExactly(List<ResultRecord> expected, string store)
    {
        var actual = new StoreReader(new StoreLayout(store)).Read().ToList();
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(
            expected.Select(Fingerprint).Order(StringComparer.Ordinal),
            actual.Select(Fingerprint).Order(StringComparer.Ordinal));
        Assert.True(new StoreVerifier(new StoreLayout(store), SampleHoldings.Rule).Verify().IsClean);
    }

    private static string Fingerprint(ResultRecord r) => string.Join('|',
        r.RecordId, r.RunId, r.CaseKey, r.Outcome, r.SuccessLevel, r.ErrorCategory, r.Model, r.PromptType, r.Difficulty, r.SampleIndex,
        r.FinishedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture), r.DurationMs, r.FinalScore, r.Turns);

    private static (int ExitCode, string Output) MergeStores(string target, params string[] sources)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RecipeFolder, "merge-stores.sh"));
        start.ArgumentList.Add(target);
        foreach (var source in sources)
        {
            start.ArgumentList.Add(source);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.GetAwaiter().GetResult());
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    /// <summary>The command's arguments, with CI variables replaced by a run id and shell quoting and redirection removed.</summary>
    private static string[] Arguments(string command)
    {
        var withoutRedirection = command.Split(">>")[0];
        var substituted = CiVariable().Replace(withoutRedirection, "run-42");
        return substituted.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a.Trim('"')).ToArray();
    }

    private static CliContext CliContextFor(CliRun cli) => new()
    {
        Console = new Spectre.Console.Testing.TestConsole(),
        Error = new Spectre.Console.Testing.TestConsole(),
        Environment = _ => null,
        Clock = new FixedClock(FixedClock.Instant),
        PlainOutput = true,
        WorkingDirectory = cli.Directory,
        OpenFile = _ => throw new InvalidOperationException("parsing opens nothing"),
    };

    [GeneratedRegex(@"runner-harness ((?:report|compare|verify|progress|export|compact|migrate|import|run) [^\r\n]*)")]
    private static partial Regex RunnerHarnessCommand();

    [GeneratedRegex(@"\$RUNNER_HARNESS_RUN_ID|\$\(RUNNER_HARNESS_RUN_ID\)|\$\(Agent\.TempDirectory\)/report\.md")]
    private static partial Regex CiVariable();
}
