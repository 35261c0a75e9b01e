using System.Text.RegularExpressions;
using RunnerHarness.Store;

namespace RunnerHarness.Cli.Tests.Faults;

/// <summary>
/// A machine crash cannot lose a file renamed into <c>data/</c>, nor bring back one removed from it: every such rename
/// and removal is followed by an fsync of the folder it changed. Seen from outside, in the system calls of a real
/// <c>compact</c> traced by strace (a crash itself cannot be made in a test). strace slows the tool to a few seconds.
/// </summary>
public sealed partial class DirectorySyncTraceTests
{
    [StraceFact]
    public async Task Compact_EveryRenameIntoDataAndRemovalFromIt_IsFollowedByAnFsyncOfItsFolder()
    {
        using var cli = new CliRun();
        var file = new StoreLayout(cli.Store).DataFiles().Single();
        File.Copy(file, Path.Combine(Path.GetDirectoryName(file)!, "ci-07-4242-20261128T040000-0000.jsonl"));
        var trace = Path.Combine(cli.Directory, "compact.strace");
        var data = Path.Combine(cli.Store, "data") + "/";

        var (code, _, error) = await CliProcess.RunBehindAsync(
            ["strace", "-f", "-qq", "-o", trace, "-e", "trace=rename,renameat,renameat2,unlink,unlinkat,open,openat,fsync"], null, "compact", "--store", cli.Store);

        Assert.True(code == ExitCodes.Success, error);
        var calls = Joined(File.ReadAllLines(trace));
        var changes = calls.Select((line, index) => (Match: Change().Match(line), Index: index))
            .Where(c => c.Match.Success && c.Match.Groups["path"].Value.StartsWith(data, StringComparison.Ordinal))
            .ToList();
        Assert.Contains(changes, c => c.Match.Groups["call"].Value.StartsWith("rename", StringComparison.Ordinal));
        Assert.Equal(2, changes.Count(c => c.Match.Groups["call"].Value.StartsWith("unlink", StringComparison.Ordinal)));
        Assert.All(changes, change =>
        {
            var folder = Path.GetDirectoryName(change.Match.Groups["path"].Value)!;
            Assert.True(FlushedAfter(calls, change.Index, folder), $"no fsync of {folder} after: {calls[change.Index]}");
        });
    }

    /// <summary>
    /// The trace with every call strace -f split in two (another thread's call came between: "unlinkat(... &lt;unfinished ...&gt;",
    /// later "&lt;... unlinkat resumed&gt;) = 0") made one line again, placed where it returned, which is when it took effect.
    /// </summary>
    private static string[] Joined(string[] lines)
    {
        const string Unfinished = " <unfinished ...>";
        var started = new Dictionary<string, string>(StringComparer.Ordinal);
        var joined = new List<string>(lines.Length);
        foreach (var line in lines)
        {
            var pid = line.Split(' ', 2)[0];
            if (line.EndsWith(Unfinished, StringComparison.Ordinal))
            {
                started[pid] = line[..^Unfinished.Length];
            }
            else if (Resumed().Match(line) is { Success: true } resumed && started.Remove(pid, out var start))
            {
                joined.Add(start + resumed.Groups["rest"].Value);
            }
            else
            {
                joined.Add(line);
            }
        }

        return [.. joined];
    }

    /// <summary>Whether <paramref name="folder"/> is opened after line <paramref name="index"/> and the descriptor it got is fsynced.</summary>
    private static bool FlushedAfter(string[] calls, int index, string folder)
    {
        for (var i = index + 1; i < calls.Length; i++)
        {
            var open = Open().Match(calls[i]);
            if (open.Success && open.Groups["path"].Value == folder
                && calls.Skip(i + 1).Any(line => line.Contains($"fsync({open.Groups["fd"].Value})", StringComparison.Ordinal) && line.TrimEnd().EndsWith("= 0", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    // A successful rename (its target) or unlink (its path), e.g. 5097  rename("/s/tmp/x.jsonl", "/s/data/compacted/y.jsonl") = 0.
    [GeneratedRegex("""^\d+\s+(?<call>rename|renameat2?|unlink|unlinkat)\((?:AT_FDCWD, )?(?:"[^"]*", (?:AT_FDCWD, )?)?"(?<path>[^"]*)"(?:, \w+)?\)\s+= 0$""")]
    private static partial Regex Change();

    // The second half of a split call, e.g. 5097  <... unlinkat resumed>) = 0.
    [GeneratedRegex("""^\d+\s+<\.\.\. \w+ resumed>(?<rest>.*)$""")]
    private static partial Regex Resumed();

    // An open of a path that returned a descriptor, e.g. 5097  openat(AT_FDCWD, "/s/data/compacted", O_RDONLY) = 49.
    [GeneratedRegex("""^\d+\s+open(?:at)?\((?:AT_FDCWD, )?"(?<path>[^"]*)", [^)]*\)\s+= (?<fd>\d+)$""")]
    private static partial Regex Open();
}
