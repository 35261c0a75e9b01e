using System.Runtime.Versioning;
using RunnerHarness.Store;

namespace RunnerHarness.Cli.Tests.Faults;

/// <summary>
/// A folder the store renames through but cannot fsync: a seal that has renamed its file into <c>data/</c> and then fails
/// to make the rename durable has sealed nothing, so a failing write leaves no file of its own behind (the all-or-nothing
/// rule of docs/store.md). The fault is real: <c>tmp/</c> with write and search but no read permission accepts the
/// rename out of it and refuses the read-only open that flushes it (EACCES). Permission bits do not bind root, so a suite
/// running as root runs the tool as <c>nobody</c> (<see cref="UnprivilegedUser"/>); each case starts the tool once.
/// </summary>
public sealed class UnflushableFolderTests
{
    // Write and search, no read, for every class: whoever the tool runs as may rename into and out of tmp/ but not list or open it.
    private const UnixFileMode WriteAndSearchOnly =
        UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Theory]
    [InlineData(StorageFormat.Json)]
    [InlineData(StorageFormat.Parquet)]
    [SupportedOSPlatform("linux")]
    public async Task Import_TmpCannotBeFlushedAfterTheSealedFileIsRenamed_FailsAndLeavesNoSealedFile(StorageFormat format)
    {
        // Never skipped: without a user the permission bits bind, the fault cannot be made, and that is a failure to see.
        Assert.True(UnprivilegedUser.Current.Unavailable is null, UnprivilegedUser.Current.Unavailable);
        using var cli = new CliRun(format);
        var input = Path.Combine(cli.Directory, "results.jsonl");
        Assert.Equal(ExitCodes.Success, cli.Run("export", "--store", cli.Store, "--format", "jsonl", "--output", input).ExitCode);
        var store = new StoreLayout(Path.Combine(cli.Directory, "imported"));
        Directory.CreateDirectory(store.TempDirectory);
        var tool = UnprivilegedUser.Current.Admit(cli.Directory);

        // Set after Admit, which lets others read every folder: the tool's user creates data/ in the store and cannot read tmp/.
        File.SetUnixFileMode(store.Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
            | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(store.TempDirectory, WriteAndSearchOnly);
        (int ExitCode, string Output, string Error) import;
        try
        {
            import = await CliProcess.RunAsAsync(UnprivilegedUser.Current, tool,
                "import", input, "--kind", "jsonl", "--store", store.Root, "--format", format == StorageFormat.Parquet ? "parquet" : "json", "--run", "run-20261207-0705");
        }
        finally
        {
            // A test user that is not root must list tmp/ again to inspect it and to delete the test's folder.
            File.SetUnixFileMode(store.TempDirectory, WriteAndSearchOnly | UnixFileMode.UserRead);
        }

        Assert.True(import.ExitCode == ExitCodes.StoreUnavailable, $"exit {import.ExitCode}: {import.Output}{import.Error}");
        Assert.Contains($"Cannot open the directory {store.TempDirectory} to flush it (errno 13)", import.Error, StringComparison.Ordinal);
        Assert.Contains("this write had sealed were removed again; its input is unchanged", import.Error, StringComparison.Ordinal);

        // What the message says: the sealed file whose tmp/ flush failed is not left in the store beside nothing.
        Assert.Empty(store.DataFiles().Select(store.Relative));
        Assert.Empty(Directory.EnumerateFileSystemEntries(store.TempDirectory));
    }
}
