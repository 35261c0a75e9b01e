using System.Diagnostics;

namespace RunnerHarness.Cli.Tests.Faults;

/// <summary>A fact that watches the tool's system calls with <c>strace</c>; skipped, saying why, where strace is missing or may not trace.</summary>
public sealed class StraceFactAttribute : FactAttribute
{
    public StraceFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "strace is Linux's.";
            return;
        }

        try
        {
            using var probe = Process.Start(new ProcessStartInfo("strace", ["-qq", "-o", "/dev/null", "true"]) { RedirectStandardError = true, UseShellExecute = false })!;
            probe.StandardError.ReadToEnd();
            probe.WaitForExit();
            if (probe.ExitCode != 0)
            {
                Skip = "strace cannot trace here (no ptrace permission, e.g. a container without CAP_SYS_PTRACE).";
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Skip = "strace is not on PATH; install it (apt-get install strace) to include this test.";
        }
    }
}
