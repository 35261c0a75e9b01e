using System.Text;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Tests.Reporting;

namespace RunnerHarness.Cli.Tests.Commands;

/// <summary>Environmental failures and refused input end with a documented exit code and a message, and leave the store as it was.</summary>
public class StoreIntegrityCommandTests
{
    [Fact]
    public void Compact_WhenItsOutputCannotBeWritten_ExitsFiveNamesThePathAndLeavesTheStoreAsItWas()
    {
        using var cli = new CliRun();
        var layout = new StoreLayout(cli.Store);
        var file = layout.DataFiles().Single();
        File.Copy(file, Path.Combine(Path.GetDirectoryName(file)!, "ci-07-4242-20261128T040000-0000.jsonl"));
        var before = layout.DataFiles().ToDictionary(f => f, File.ReadAllBytes);

        // tmp/ is a file, so no output can be written: the same path as a full disk (an IOException mid-compaction).
        // Sealing the store's summaries left tmp/ as an empty folder; it gives way to the file.
        Directory.Delete(layout.TempDirectory);
        File.WriteAllText(layout.TempDirectory, "not a directory");

        var (code, _, error) = cli.Run("compact", "--store", cli.Store);

        Assert.Equal(ExitCodes.FileSystemError, code);
        Assert.Contains("tmp", error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", error, StringComparison.Ordinal);
        // The message points at verify rather than vouching for the store: the generic handler cannot know what the command undid.
        Assert.Contains("'runner-harness verify' with the same --store", error, StringComparison.Ordinal);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), layout.DataFiles());
        Assert.All(before, pair => Assert.Equal(pair.Value, File.ReadAllBytes(pair.Key)));
    }

    [Fact]
    public void Import_JsonLinesWithAnIdStoredWithOtherContent_ExitsTenListsTheIdAndWritesNothing()
    {
        var records = SampleRecords.All().ToList();
        using var cli = new CliRun(records);
        var layout = new StoreLayout(cli.Store);
        var stored = new StoreReader(layout).Read().First();
        var original = stored.Outcome;
        var changed = new ResultRecordBuilder(stored) { Outcome = original == TestOutcome.Failed ? TestOutcome.Passed : TestOutcome.Failed }.Build();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        JsonLinesRecordCodec.WriteLine(changed, buffer);
        var input = Path.Combine(cli.Directory, "edited.jsonl");
        File.WriteAllText(input, Encoding.UTF8.GetString(buffer.WrittenSpan));
        var before = layout.DataFiles();

        var (code, _, error) = cli.Run("import", input, "--store", cli.Store, "--kind", "jsonl");

        Assert.Equal(ExitCodes.ImportRefused, code);
        Assert.Contains(changed.RecordId, error, StringComparison.Ordinal);
        Assert.Contains("Nothing was written", error, StringComparison.Ordinal);
        Assert.Equal(before, layout.DataFiles());
        Assert.Equal(original, new StoreReader(layout).Read().Single(r => r.RecordId == changed.RecordId).Outcome);
    }

    [Fact]
    public void Import_SameJsonLinesTwice_IsNotAConflict()
    {
        using var cli = new CliRun();
        var layout = new StoreLayout(cli.Store);
        var input = Path.Combine(cli.Directory, "results.jsonl");
        File.WriteAllLines(input, [
            """{"model":"gpt-4o-mini","outcome":"failed","error_category":"timeout","started_at":"2026-11-28T04:35:02.1234567+02:00"}""",
            """{"model":"claude-haiku-4","outcome":"passed","started_at":"2026-11-28T04:35:03Z"}""",
        ]);

        var first = cli.Run("import", input, "--store", cli.Store, "--kind", "jsonl", "--run", "import-1");
        var second = cli.Run("import", input, "--store", cli.Store, "--kind", "jsonl", "--run", "import-2");

        Assert.Equal(ExitCodes.Success, first.ExitCode);
        Assert.True(second.ExitCode == ExitCodes.Success, second.Error);
        Assert.Equal(82, new StoreReader(layout).Read().Count());
    }
}
