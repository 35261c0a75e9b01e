using System.Diagnostics;
using System.Globalization;

namespace RunnerHarness.Models.Limits;

/// <summary>
/// The process a lease belongs to: its machine, process id and start time. The start time tells a process apart from
/// a later one that got the same id, so a lease of a killed process is never taken for one of a live process.
/// </summary>
/// <param name="Host">The machine name.</param>
/// <param name="Pid">The process id.</param>
/// <param name="StartedTicks">When the process started, in UTC ticks, as the operating system reports it.</param>
internal sealed record LeaseOwner(string Host, int Pid, long StartedTicks)
{
    // The start time is read from the operating system on each side; both reads round the same clock-tick count, so a
    // generous tolerance cannot mistake a live process for another one (ids are not reused within a second).
    private static readonly TimeSpan StartTolerance = TimeSpan.FromSeconds(1);

    /// <summary>This process.</summary>
    public static LeaseOwner Current { get; } = Of(Process.GetCurrentProcess());

    /// <summary>
    /// Whether the owner has certainly ended: it was on this machine and no process with its id and start time runs
    /// (or only a zombie is left). Owners on another machine are never judged gone: their leases end by expiry.
    /// </summary>
    public bool IsGone()
    {
        if (!string.Equals(Host, Environment.MachineName, StringComparison.Ordinal))
        {
            return false;
        }

        if (Pid == Environment.ProcessId)
        {
            return StartedTicks != Current.StartedTicks;
        }

        if (IsZombie(Pid))
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(Pid);
            return (Of(process).StartedTicks - StartedTicks) is var difference && Math.Abs(difference) > StartTolerance.Ticks;
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
        catch (InvalidOperationException)
        {
            return true; // it exited while being looked at
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not allowed to look (another user's process): its leases end by expiry
        }
        catch (NotSupportedException)
        {
            return false; // a platform that cannot tell: its leases end by expiry
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"process {Pid} on {Host}");

    private static LeaseOwner Of(Process process) => new(Environment.MachineName, process.Id, process.StartTime.ToUniversalTime().Ticks);

    // A process killed while its parent has not yet waited for it stays in the process table as a zombie: it holds
    // nothing any more. Linux shows that as state 'Z' in /proc/<pid>/stat (after the parenthesised command name).
    private static bool IsZombie(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var end = stat.LastIndexOf(')');
            return end > 0 && end + 2 < stat.Length && stat[end + 2] is 'Z' or 'X';
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
