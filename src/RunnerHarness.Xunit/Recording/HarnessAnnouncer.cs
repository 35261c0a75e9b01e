using Xunit.Abstractions;
using Xunit.Sdk;

namespace RunnerHarness.Xunit.Recording;

/// <summary>
/// Tells the user what the harness does. The test host's console is not shown by <c>dotnet test</c>; xUnit
/// diagnostic messages are, as <c>[xUnit.net ...] Assembly: ...</c> lines, once diagnostic messages are on
/// (the package's targets turn them on for projects without an xUnit configuration file of their own).
/// Errors also go to standard error, which VSTest prints when the host crashes and keeps in <c>--diag</c> logs.
/// </summary>
internal sealed class HarnessAnnouncer(IMessageSink diagnosticMessageSink)
{
    /// <summary>An informational line: the settings at start, the record count at the end.</summary>
    public void Info(string line) => diagnosticMessageSink.OnMessage(new DiagnosticMessage(line));

    /// <summary>An error line; the run also fails through its tests or an error message.</summary>
    public void Error(string line)
    {
        Console.Error.WriteLine(line);
        diagnosticMessageSink.OnMessage(new DiagnosticMessage(line));
    }
}
