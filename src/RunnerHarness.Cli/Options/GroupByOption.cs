using System.CommandLine;
using RunnerHarness.Aggregation;

namespace RunnerHarness.Cli.Options;

/// <summary>The <c>--group-by</c> option: an ordered, comma-separated list of dimensions.</summary>
public static class GroupByOption
{
    /// <summary>Creates the option.</summary>
    public static Option<string?> Create(string defaultDescription) => new("--group-by", "-g")
    {
        Description = $"Dimensions to group by, outermost first, comma-separated: columns (model, provider, prompt_type, tool_success_rate, difficulty, task_type, flaw_type, run_id, ...) or custom dimension names. Default: {defaultDescription}.",
        HelpName = "DIMS",
    };

    /// <summary>The parsed dimensions, or <paramref name="defaults"/> when the option is absent.</summary>
    /// <exception cref="CommandFailedException">A dimension is repeated or empty.</exception>
    public static IReadOnlyList<string> Parse(string? value, IReadOnlyList<string> defaults)
    {
        if (value is null)
        {
            return defaults;
        }

        var dimensions = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var repeated = dimensions.GroupBy(d => d, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new CommandFailedException(ExitCodes.UsageError, $"--group-by names '{repeated.Key}' twice.");
        }

        return dimensions;
    }

    /// <summary>The default grouping as text.</summary>
    public static string Describe(IReadOnlyList<string> dimensions) => dimensions.Count == 0 ? "none" : string.Join(",", dimensions);

    /// <summary>The seed's default grouping.</summary>
    public static IReadOnlyList<string> Default => CumulativeGrouping.Default;
}
