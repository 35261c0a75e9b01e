using System.Diagnostics;
using System.Globalization;

namespace RunnerHarness.Cli.Running;

/// <summary>Sends the interrupt signal (what Ctrl+C sends) to another process.</summary>
internal static class ProcessSignals
{
    /// <summary>
    /// Sends SIGINT to <paramref name="processId"/> with <c>kill -INT</c>, so <c>dotnet test</c> stops the way it does
    /// on Ctrl+C. Returns <see langword="false"/> when that is not possible (Windows, where the console already delivers
    /// Ctrl+C to every process attached to it, or no <c>kill</c> command).
    /// </summary>
    public static bool TryInterrupt(int processId)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", processId.ToString(CultureInfo.InvariantCulture)])
            {
                UseShellExecute = false,
                RedirectStandardError = true,
            });
            if (kill is null)
            {
                return false;
            }

            kill.WaitForExit();
            return kill.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
