using System.Text.Json;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Tests.Reporting;

namespace RunnerHarness.Cli.Tests.Commands;

/// <summary>
/// A store whose record ids repeat (a file copied in from another machine, an edited copy): <c>report</c> counts each id
/// once, keeps the copy that finished first (never decided by path), and says in every format with room for notes how many
/// duplicates it skipped and that <c>verify</c> names the conflicting ones.
/// </summary>
public abstract class ReportDuplicatesCommandTests(StorageFormat format)
{
    private const string VerifyHint = "'runner-harness verify' names any whose content differs";

    /// <summary>The format the store under test is sealed in.</summary>
    protected StorageFormat Format { get; } = format;

    [Fact]
    public void Report_FileCopiedIntoTheStore_CountsItsRecordsOnceAndSaysHowManyDuplicatesItSkipped()
    {
        using var cli = new CliRun(Format);
        var clean = cli.Run("report", "--store", cli.Store);
        var file = new StoreLayout(cli.Store).DataFiles().Single();
        var name = Path.GetFileName(file);
        File.Copy(file, Path.Combine(Path.GetDirectoryName(file)!, "ci-07-4242-20261128T040000-0000" + name[name.IndexOf(".sha256_", StringComparison.Ordinal)..]));
        var note = "skipped 80 duplicate record(s)";

        var console = cli.Run("report", "--store", cli.Store);
        var json = cli.Run("report", "--store", cli.Store, "--json");
        var markdown = cli.Run("report", "--store", cli.Store, "--format", "markdown");
        var html = cli.Run("report", "--store", cli.Store, "--format", "html");

        Assert.Equal(ExitCodes.Success, clean.ExitCode);
        Assert.DoesNotContain("duplicate", clean.Error, StringComparison.Ordinal);
        Assert.All(new[] { console, json, markdown, html }, run => Assert.Equal(ExitCodes.Success, run.ExitCode));
        Assert.Contains($"note: {note}", console.Error, StringComparison.Ordinal);
        Assert.Contains(VerifyHint, console.Error, StringComparison.Ordinal);
        var root = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal(80, root.GetProperty("totals").GetProperty("records").GetInt64());
        var jsonNote = Assert.Single(root.GetProperty("notes").EnumerateArray()).GetString()!;
        Assert.StartsWith(note, jsonNote, StringComparison.Ordinal);
        Assert.Contains(VerifyHint, jsonNote, StringComparison.Ordinal);
        Assert.Contains($"> {note}", markdown.Out, StringComparison.Ordinal);
        Assert.Contains($"<p class=\"note\">{note}", html.Out, StringComparison.Ordinal);
    }

    /// <summary>
    /// The edited copy is written after the original; it wins only when it finished earlier, whether its run folder
    /// sorts before <c>fixture</c>'s or after: the copy with the earliest <c>finished_at</c> counts, never the path.
    /// </summary>
    [Theory]
    [InlineData("archive-2025", -5, true)]
    [InlineData("restored-2025", -5, true)]
    [InlineData("archive-2025", 5, false)]
    [InlineData("restored-2025", 5, false)]
    public void Report_IdRepeatedWithOtherContent_KeepsTheCopyThatFinishedFirst(string editedRun, int minutesLater, bool editedWins)
    {
        using var cli = new CliRun(Format);
        var clean = cli.Run("report", "--store", cli.Store, "--json");
        var original = SampleRecords.All().First(r => r.Outcome == TestOutcome.Passed);
        var edited = new ResultRecordBuilder(original)
        {
            FinishedAt = original.FinishedAt!.Value.AddMinutes(minutesLater),
            Outcome = TestOutcome.Failed,
            SuccessLevel = SuccessLevel.Failure,
            ErrorCategory = ErrorCategory.ModelCategories[0],
        }.Build();
        using (var writer = RecordWriter.Open(new StoreLayout(cli.Store), SampleHoldings.Rule, Format, editedRun))
        {
            writer.Append(edited);
        }

        var report = cli.Run("report", "--store", cli.Store, "--json");
        var verify = cli.Run("verify", "--store", cli.Store);

        Assert.Equal(ExitCodes.Success, report.ExitCode);
        var root = JsonDocument.Parse(report.Out).RootElement;
        Assert.Equal(80, root.GetProperty("totals").GetProperty("records").GetInt64());
        var failedBefore = JsonDocument.Parse(clean.Out).RootElement.GetProperty("totals").GetProperty("failed").GetInt64();
        Assert.Equal(failedBefore + (editedWins ? 1 : 0), root.GetProperty("totals").GetProperty("failed").GetInt64());
        Assert.Contains("note: skipped 1 duplicate record(s)", report.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.StoreDamaged, verify.ExitCode);
        Assert.Contains(nameof(StoreProblemKind.ConflictingDuplicate), verify.Out, StringComparison.Ordinal);
        Assert.Contains(edited.RecordId, verify.Out, StringComparison.Ordinal);
    }

    /// <summary>
    /// A record written again under another run, host and process, as importing the same file twice wrote it before imports
    /// skipped stored records: <c>verify</c> still reports a <c>ConflictingDuplicate</c> (the exit code says the store needs
    /// care), and says it is one result stored twice, under which runs, and which file to move.
    /// </summary>
    [Fact]
    public void Verify_ResultWrittenAgainUnderAnotherRun_SaysItIsOneResultStoredTwice()
    {
        using var cli = new CliRun(Format);
        var original = SampleRecords.All().First(r => r.Outcome == TestOutcome.Passed);
        var again = new ResultRecordBuilder(original) { RunId = "import-20261204-0002", Host = "eval-box-02", ProcessId = 8815 }.Build();
        using (var writer = RecordWriter.Open(new StoreLayout(cli.Store), SampleHoldings.Rule, Format, again.RunId!))
        {
            writer.Append(again);
        }

        var verify = cli.Run("verify", "--store", cli.Store);
        var json = cli.Run("verify", "--store", cli.Store, "--json");

        Assert.Equal(ExitCodes.StoreDamaged, verify.ExitCode);
        Assert.Equal(ExitCodes.StoreDamaged, json.ExitCode);
        Assert.Contains($"record {original.RecordId} is the same result stored twice", verify.Out, StringComparison.Ordinal);
        Assert.Contains($"(run {original.RunId})", verify.Out, StringComparison.Ordinal);
        Assert.Contains($"(run {again.RunId})", verify.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Decide which copy is right", verify.Out, StringComparison.Ordinal);
        var problem = Assert.Single(
            JsonDocument.Parse(json.Out).RootElement.GetProperty("problems").EnumerateArray(),
            p => p.GetProperty("kind").GetString() == nameof(StoreProblemKind.ConflictingDuplicate));
        Assert.Contains("is the same result stored twice", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>The report on a JSON Lines store.</summary>
    public sealed class JsonLines() : ReportDuplicatesCommandTests(StorageFormat.Json);

    /// <summary>The report on a Parquet store.</summary>
    public sealed class Parquet() : ReportDuplicatesCommandTests(StorageFormat.Parquet);
}
