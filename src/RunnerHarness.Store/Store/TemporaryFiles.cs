using System.Diagnostics;
using System.Globalization;

namespace RunnerHarness.Store;

/// <summary>
/// Files under <c>tmp/</c>: each is named after the host and process writing it
/// (<c>&lt;host&gt;_&lt;pid&gt;_&lt;guid&gt;.ext</c>), so a compaction can tell a file a live process is
/// still writing from one a killed process left behind, and remove only the latter.
/// </summary>
internal static class TemporaryFiles
{
    private static readonly TimeSpan UnnamedAge = TimeSpan.FromHours(1);
    private static readonly string Host = SafeHost(Environment.MachineName);

    /// <summary>A new file name under <c>tmp/</c> for this process.</summary>
    public static string NewPath(StoreLayout layout, string extension) =>
        Path.Combine(layout.TempDirectory, string.Create(CultureInfo.InvariantCulture, $"{Host}_{Environment.ProcessId}_{Guid.NewGuid():N}{extension}"));

    /// <summary>
    /// Whether no process will finish the file at <paramref name="path"/>: its writer on this host has
    /// exited, or it is a file named before writers named them (only a guid) and untouched for an hour.
    /// A file of another host is never stale here: that host's processes cannot be seen.
    /// </summary>
    public static bool IsStale(string path)
    {
        var parts = Path.GetFileNameWithoutExtension(path).Split('_');
        if (parts.Length < 3 || !int.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var processId))
        {
            return DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > UnnamedAge;
        }

        return string.Join('_', parts[..^2]) == Host && !IsRunning(processId);
    }

    /// <summary>
    /// The stale files under <c>tmp/</c>: regular files only. A link there (or <c>tmp/</c> itself being one) goes to
    /// <paramref name="report"/> and is never taken for a leftover: what it points to is not the store's to remove.
    /// </summary>
    public static IReadOnlyList<string> Stale(StoreLayout layout, Action<StoreProblem> report)
    {
        var listing = layout.List(layout.TempDirectory);
        foreach (var link in listing.Links)
        {
            report(link);
        }

        return [.. listing.Files.Where(f => Path.GetDirectoryName(f) == layout.TempDirectory && IsStale(f))];
    }

    private static bool IsRunning(int processId)
    {
        if (processId == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string SafeHost(string host) =>
        new([.. host.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '-')]);
}
