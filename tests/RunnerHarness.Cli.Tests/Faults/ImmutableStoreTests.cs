using System.Diagnostics;
using RunnerHarness.Store;
using RunnerHarness.Tests;

namespace RunnerHarness.Cli.Tests.Faults;

/// <summary>
/// Stores the file system will not change: a source file that cannot be deleted, a store where nothing
/// can be created or removed anywhere (chattr +i, which binds root too; permission bits do not). Maintenance ends with
/// a documented exit code and a message, loses and doubles nothing, and finishes once the store is writable;
/// verify, which promises to change nothing, works on a store nothing can change.
/// </summary>
public sealed class ImmutableStoreTests
{
    [RootOnlyTheory]
    [InlineData("source", ExitCodes.Success, "merged, but it cannot be removed")]
    [InlineData("store", ExitCodes.StoreUnavailable, "cannot be written: Access to the path")]
    public void Compact_WhatCannotBeChanged_ExitsCleanlyLosesNothingAndFinishesOnceWritable(string immutable, int exitCode, string message)
    {
        using var cli = new CliRun();
        var layout = new StoreLayout(cli.Store);
        var file = layout.DataFiles().Single();
        File.Copy(file, Path.Combine(Path.GetDirectoryName(file)!, "ci-07-4242-20261128T040000-0000.jsonl"));
        var ids = Ids(cli.Store);
        List<string> targets = immutable == "source"
            ? [file]
            : [.. Directory.GetDirectories(cli.Store, "*", SearchOption.AllDirectories).Prepend(cli.Store)];

        int code;
        string said;
        targets.ForEach(t => Chattr("+i", t));
        try
        {
            var (exit, printed, error) = cli.Run("compact", "--store", cli.Store);
            (code, said) = (exit, printed + error);
        }
        finally
        {
            targets.ForEach(t => Chattr("-i", t));
        }

        // A source that cannot be removed is a warning (its records are in the merged file, read once);
        // a store where not even the lock can be created is exit 3 (store unavailable). Neither is a crash.
        Assert.True(code == exitCode, $"compact exited {code}: {said}");
        Assert.Contains(message, said, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", said, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", said, StringComparison.Ordinal);
        Assert.Equal(ids, Ids(cli.Store));
        Assert.Equal(ExitCodes.Success, cli.Run("compact", "--store", cli.Store).ExitCode);
        var (verified, _, problems) = cli.Run("verify", "--store", cli.Store);
        Assert.True(verified == ExitCodes.Success, problems);
        Assert.Equal(ids, Ids(cli.Store));
        Assert.Single(layout.DataFiles());
    }

    [RootOnlyTheory]
    [InlineData("verify")]
    [InlineData("report")]
    public void ReadingCommand_StoreNothingCanChange_SucceedsAndChangesNothing(string command)
    {
        using var cli = new CliRun();
        var folders = Directory.GetDirectories(cli.Store, "*", SearchOption.AllDirectories).Prepend(cli.Store).ToList();

        int code;
        string error;
        folders.ForEach(f => Chattr("+i", f));
        try
        {
            (code, _, error) = cli.Run(command, "--store", cli.Store);
        }
        finally
        {
            folders.ForEach(f => Chattr("-i", f));
        }

        Assert.True(code == ExitCodes.Success, error);
    }

    private static List<string> Ids(string store) =>
        [.. new StoreReader(new StoreLayout(store)).Read().Select(r => r.RecordId).Order(StringComparer.Ordinal)];

    private static void Chattr(string flag, string path)
    {
        using var process = Process.Start(new ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"chattr {flag} {path} failed: {error}");
    }
}
