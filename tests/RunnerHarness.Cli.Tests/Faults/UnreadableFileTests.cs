using System.Runtime.Versioning;
using System.Text.Json;
using RunnerHarness.Aggregation;
using RunnerHarness.Store;
using RunnerHarness.Tests;

namespace RunnerHarness.Cli.Tests.Faults;

/// <summary>
/// A data file the tool's user may not read (mode 000): <c>report</c> and <c>verify</c> end with their documented exit
/// code and a message naming the file and the cause, never a stack trace, and change no file. The tool runs as its own
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
        using var cli = new CliRun(format);
        var layout = new StoreLayout(cli.Store);
        using (var writer = RecordWriter.Open(layout, SampleHoldings.Rule, format, "run-20261128-0002"))
        {
            TestRecords.Varied(3).ForEach(writer.Append);
        }

        var unreadable = layout.RunFiles("run-20261128-0002").Single();
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

    /// <summary>Every file and folder of the store with its mode, and each readable file's bytes as Base64.</summary>
    [SupportedOSPlatform("linux")]
    private static Dictionary<string, string> Snapshot(string store) =>
        Directory.GetFileSystemEntries(store, "*", SearchOption.AllDirectories).ToDictionary(
            path => path,
            path => File.GetUnixFileMode(path) + (File.Exists(path) && File.GetUnixFileMode(path) != UnixFileMode.None ? " " + Convert.ToBase64String(File.ReadAllBytes(path)) : ""));
}
