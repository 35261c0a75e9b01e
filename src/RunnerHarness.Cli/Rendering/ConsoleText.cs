using RunnerHarness.Reporting;
using Spectre.Console;

namespace RunnerHarness.Cli.Rendering;

/// <summary>
/// Writes a line of text to a console; in plain mode straight to its writer, so redirected output is never
/// wrapped at the console width. Control characters in it (an ANSI escape in a model name) are shown as escapes.
/// </summary>
internal static class ConsoleText
{
    public static void Line(IAnsiConsole console, bool plain, string text = "")
    {
        text = VisibleText.Of(text, keepLineBreaks: true);
        if (plain)
        {
            console.Profile.Out.Writer.Write(text);
            console.Profile.Out.Writer.Write('\n');
        }
        else
        {
            console.WriteLine(text);
        }
    }
}
