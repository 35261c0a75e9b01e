using Xunit;

namespace RunnerHarness.Xunit.Recording;

/// <summary>
/// Tells the user what the harness does. Under Microsoft.Testing.Platform, on MTP's output (<paramref name="display"/>), which a
/// plain <c>dotnet test</c> shows; under VSTest, as xUnit v3 diagnostic messages (shown once diagnostic messages are on; the
/// package's targets turn them on for projects without an xUnit configuration file of their own). Errors also go to standard
/// error, which both runners keep.
/// </summary>
/// <param name="context">The test context of the run, for diagnostic messages.</param>
/// <param name="display">Shows a line on MTP's output (<c>true</c> for an error), or <see langword="null"/> under VSTest.</param>
internal sealed class HarnessAnnouncer(ITestContext context, Action<string, bool>? display = null)
{
    /// <summary>An informational line: the settings at start, the record count at the end.</summary>
    public void Info(string line)
    {
        if (display is null)
        {
            context.SendDiagnosticMessage(line);
        }
        else
        {
            display(line, false);
        }
    }

    /// <summary>An error line; the run also fails through its tests or an error message.</summary>
    public void Error(string line)
    {
        Console.Error.WriteLine(line);
        if (display is null)
        {
            context.SendDiagnosticMessage(line);
        }
        else
        {
            display(line, true);
        }
    }
}
