using Xunit;

namespace RunnerHarness.Xunit.Recording;

/// <summary>
/// Tells the user what the harness does, as xUnit v3 diagnostic messages (shown once diagnostic messages are on; the
/// package's targets turn them on for projects without an xUnit configuration file of their own). Errors also go to
/// standard error, which both VSTest and Microsoft.Testing.Platform keep.
/// </summary>
internal sealed class HarnessAnnouncer(ITestContext context)
{
    /// <summary>An informational line: the settings at start, the record count at the end.</summary>
    public void Info(string line) => context.SendDiagnosticMessage(line);

    /// <summary>An error line; the run also fails through its tests or an error message.</summary>
    public void Error(string line)
    {
        Console.Error.WriteLine(line);
        context.SendDiagnosticMessage(line);
    }
}
