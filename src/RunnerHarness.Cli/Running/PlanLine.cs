using System.Globalization;
using System.Text.RegularExpressions;

namespace RunnerHarness.Cli.Running;

/// <summary>
/// The line a model batch prints when it has planned its rows, <c>[RunnerHarness] plan Class.Method: N rows to run</c>,
/// found anywhere in a line of <c>dotnet test</c> output (xUnit prefixes diagnostic messages with a timestamp and the assembly).
/// </summary>
public static partial class PlanLine
{
    /// <summary>Parses a line of output; <see langword="false"/> when it is not a plan line.</summary>
    public static bool TryParse(string? line, out string batch, out int rows)
    {
        batch = "";
        rows = 0;
        var match = line is null ? Match.Empty : Pattern().Match(line);
        if (!match.Success || !int.TryParse(match.Groups["rows"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out rows))
        {
            return false;
        }

        batch = match.Groups["batch"].Value;
        return true;
    }

    [GeneratedRegex(@"\[RunnerHarness\] plan (?<batch>\S+): (?<rows>\d+) rows? to run", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
