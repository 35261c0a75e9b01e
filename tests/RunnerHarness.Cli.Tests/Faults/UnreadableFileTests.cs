using System.Runtime.Versioning;
using System.Text.Json;
using RunnerHarness.Aggregation;
using RunnerHarness.Store;
using RunnerHarness.Tests;

namespace RunnerHarness.Cli.Tests.Faults;

/// <summary>
/// A data file the tool's user may not read (mode 000): <c>report</c>, <c>verify</c> and <c>migrate</c> end with their
/// documented exit code and a message naming the file and the cause, never a stack trace, and change no data file. The tool runs as its own
/// process, as a user the permission bits bind (<see cref="UnprivilegedUser"/>); each case starts it twice, a second or
/// two each on a loaded machine.
/// </summary>
public sealed class UnreadableFileTests
{
    [UnprivilegedTheory]
    [InlineData(StorageFormat.Json)]
    [InlineData(StorageFormat.Parquet)]
    [SupportedOSPlatform("linux")]
    public async Task ReportAndVerify_DataFileNobodyMayRead_ExitCleanlyNamingTheFileAndChangeNothing(StorageFormat format)
    {
        using var cli = StoreWithARunFile(format, out var unreadable);
        var layout = new StoreLayout(cli.Store);
        var tool = UnprivilegedUser.Current.Admit(cli.Directory);
        File.SetUnixFileMode(unreadable, UnixFileMode.None);
        var before = Snapshot(cli.Store);

        var report = await CliProcess.RunAsAsync(UnprivilegedUser.Current, tool, "report", "--store", cli.Store, "--json");
        var verify = await CliProcess.RunAsAsync(UnprivilegedUser.Current, tool, "verify", "--store", cli.Store);

        var name = layout.Relative(unreadable);
        Assert.True(report.ExitCode == ExitCodes.Success, report.Error);
        Assert.Equal(80, JsonDocument.Parse(report.Output).RootElement.GetProperty("totals").GetProperty("records").GetInt64());
        Assert.Contains($"warning: {nameof(StoreProblemKind.UnreadableFile)}: {name}: cannot be read (Access to the path", report.Error, StringComparison.Ordinal);
        Assert.Contains("is denied", report.Error, StringComparison.Ordinal);
        Assert.True(verify.ExitCode == ExitCodes.StoreDamaged, verify.Output + verify.Error);
        Assert.Contains($"{nameof(StoreProblemKind.UnreadableFile)}: {name}: cannot be read (Access to the path", verify.Output, StringComparison.Ordinal);
        Assert.Contains("Check its permissions", verify.Output, StringComparison.Ordinal);
        Assert.All(new[] { report.Output + report.Error, verify.Output + verify.Error }, said =>
        {
            Assert.DoesNotContain("internal error", said, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", said, StringComparison.Ordinal);
        });
        Assert.Equal(before, Snapshot(cli.Store));
    }

    [UnprivilegedTheory]
    [InlineData(StorageFormat.Json, StorageFormat.Parquet)]
    [InlineData(StorageFormat.Parquet, StorageFormat.Json)]
    [SupportedOSPlatform("linux")]
    public async Task Migrate_SourceNobodyMayRead_IsRefusedNamingTheFileAndRemovesNoSource(StorageFormat format, StorageFormat target)
    {
        // The proof of a migration reads every source; one it cannot read must refuse it, never count as empty on both sides.
        using var cli = StoreWithARunFile(format, out var unreadable);
        var layout = new StoreLayout(cli.Store);
        var tool = UnprivilegedUser.Current.Admit(cli.Directory);

        // Set after Admit, which lets others read every folder: the tool's user takes the compaction lock and writes merged files.
        foreach (var folder in Directory.GetDirectories(cli.Store, "*", SearchOption.AllDirectories).Prepend(cli.Store))
        {
            File.SetUnixFileMode(folder, File.GetUnixFileMode(folder) | UnixFileMode.OtherWrite | UnixFileMode.GroupWrite);
        }

        File.SetUnixFileMode(unreadable, UnixFileMode.None);
        var before = Snapshot(layout.DataDirectory, filesOnly: true);

        var migrate = await CliProcess.RunAsAsync(UnprivilegedUser.Current, tool, "migrate", "--store", cli.Store, "--to", target == StorageFormat.Parquet ? "parquet" : "json");

        Assert.True(migrate.ExitCode == ExitCodes.FileSystemError, $"exit {migrate.ExitCode}: {migrate.Output}{migrate.Error}");
        Assert.Contains($"Migration of {cli.Store} to {target} refused", migrate.Error, StringComparison.Ordinal);
        Assert.Contains($"{unreadable} cannot be read (Access to the path", migrate.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed: the new files were removed again", migrate.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", migrate.Output + migrate.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", migrate.Output + migrate.Error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(layout.DataDirectory, filesOnly: true));
    }

    /// <summary>A store of <paramref name="format"/> holding the sample records and a run of three more in one file of its own, <paramref name="runFile"/>.</summary>
    private static CliRun StoreWithARunFile(StorageFormat format, out string runFile)
    {
        var cli = new CliRun(format);
        var layout = new StoreLayout(cli.Store);
        using (var writer = RecordWriter.Open(layout, SampleHoldings.Rule, format, "run-20261128-0002"))
        {
            TestRecords.Varied(3).ForEach(writer.Append);
        }

        runFile = layout.RunFiles("run-20261128-0002").Single();
        return cli;
    }

    /// <summary>Every file and folder under <paramref name="store"/> (only files with <paramref name="filesOnly"/>) with its mode, and each readable file's bytes as Base64.</summary>
    [SupportedOSPlatform("linux")]
    private static Dictionary<string, string> Snapshot(string store, bool filesOnly = false) =>
        (filesOnly ? Directory.GetFiles(store, "*", SearchOption.AllDirectories) : Directory.GetFileSystemEntries(store, "*", SearchOption.AllDirectories)).ToDictionary(
            path => path,
            path => File.GetUnixFileMode(path) + (File.Exists(path) && File.GetUnixFileMode(path) != UnixFileMode.None ? " " + Convert.ToBase64String(File.ReadAllBytes(path)) : ""));
}
