using System.CommandLine;
using System.Globalization;
using RunnerHarness.Matrix;
using RunnerHarness.Schema;
using RunnerHarness.Store;

namespace RunnerHarness.Cli.Options;

/// <summary>
/// The record filters shared by the reporting commands: by dimension (one option per axis a matrix lists,
/// <see cref="MatrixDefinition.ListedAxes"/>: <c>--model</c>, <c>--prompt-type</c>, ..., <c>--tool-success-rate</c>,
/// <c>--flaw-type</c>; any <c>--where key=value</c>), by
/// run (<c>--run</c>) and by time (<c>--since</c>, <c>--until</c>). Values of one key are alternatives
/// (OR); different keys must all match (AND).
/// </summary>
public sealed class FilterOptions
{
    // One option per axis a matrix lists, as the record's axis declarations say; a number axis is a rate.
    private readonly (string Column, Option<string[]> Option)[] _dimensions =
    [
        .. MatrixDefinition.ListedAxes.Select(axis => (axis.Column, AxisOption.Create(
            axis, axis.Parse("0.8") is double ? $"Only these {axis.Label}, e.g. 0.8 (repeat or comma-separate)." : $"Only these {axis.Label} (repeat or comma-separate).")))
    ];

    private readonly Option<string[]> _where = Multi("--where", "Only records whose column or custom dimension has the value: key=value (repeatable; key=a,b for either).", "KEY=VALUE");
    private readonly Option<string[]> _runs = Multi("--run", "Only these run ids.", "ID");
    private readonly Option<string?> _since = new("--since") { Description = "Only records finished at or after this UTC time (ISO 8601, e.g. 2025-08-01 or 2025-08-01T12:00:00Z).", HelpName = "TIME" };
    private readonly Option<string?> _until = new("--until") { Description = "Only records finished before this UTC time.", HelpName = "TIME" };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var (_, option) in _dimensions)
        {
            command.Options.Add(option);
        }

        command.Options.Add(_where);
        command.Options.Add(_runs);
        command.Options.Add(_since);
        command.Options.Add(_until);
    }

    /// <summary>The filter the parsed options describe, and a readable description of each part.</summary>
    /// <exception cref="CommandFailedException">A value is malformed (exit code <see cref="ExitCodes.UsageError"/>).</exception>
    public (RecordFilter Filter, IReadOnlyList<string> Descriptions) Build(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var dimensions = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (column, option) in _dimensions)
        {
            foreach (var value in Split(parse.GetValue(option)))
            {
                Add(dimensions, column, value);
            }
        }

        foreach (var pair in parse.GetValue(_where) ?? [])
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == pair.Length - 1)
            {
                throw new CommandFailedException(ExitCodes.UsageError, $"--where '{pair}' is not key=value, e.g. --where provider=openai.");
            }

            foreach (var value in pair[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Add(dimensions, pair[..equals].Trim(), value);
            }
        }

        var runs = Split(parse.GetValue(_runs)).ToArray();
        var since = Time(parse.GetValue(_since), "--since");
        var until = Time(parse.GetValue(_until), "--until");
        if (since is not null && until is not null && until <= since)
        {
            throw new CommandFailedException(ExitCodes.UsageError, "--until must be after --since.");
        }

        var descriptions = new List<string>();
        descriptions.AddRange(dimensions.Select(d => $"{d.Key} = {string.Join(" or ", d.Value)}"));
        if (runs.Length > 0)
        {
            descriptions.Add($"run_id = {string.Join(" or ", runs)}");
        }

        if (since is { } s)
        {
            descriptions.Add($"finished_at >= {Format(s)}");
        }

        if (until is { } u)
        {
            descriptions.Add($"finished_at < {Format(u)}");
        }

        var filter = new RecordFilter
        {
            RunIds = runs,
            FinishedFrom = since,
            FinishedBefore = until,
            Dimensions = dimensions.ToDictionary(d => d.Key, d => (IReadOnlyList<string>)d.Value, StringComparer.Ordinal),
        };
        return (filter, descriptions);
    }

    /// <summary>Parses a UTC time: ISO 8601, a zone-less value taken as UTC.</summary>
    /// <exception cref="CommandFailedException">Not a time.</exception>
    public static DateTime? Time(string? text, string optionName)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
        {
            throw new CommandFailedException(ExitCodes.UsageError, $"{optionName} '{text}' is not a time; use ISO 8601, e.g. 2025-08-01 or 2025-08-01T12:00:00Z.");
        }

        return time;
    }

    /// <summary>A time as ISO 8601 UTC.</summary>
    public static string Format(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Add(Dictionary<string, List<string>> dimensions, string key, string value)
    {
        if (key == RecordColumns.ToolSuccessRate)
        {
            // Stored rates print as "0.8"; accept "0.80" or "80%" by normalising the same way.
            var number = value.EndsWith('%')
                ? double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) ? percent / 100 : double.NaN
                : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) ? plain : double.NaN;
            if (double.IsNaN(number))
            {
                throw new CommandFailedException(ExitCodes.UsageError, $"tool_success_rate '{value}' is not a number, e.g. 0.8.");
            }

            value = RecordDimensions.FormatRate(number);
        }

        if (!dimensions.TryGetValue(key, out var values))
        {
            values = [];
            dimensions.Add(key, values);
        }

        values.Add(value);
    }

    private static IEnumerable<string> Split(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static Option<string[]> Multi(string name, string description, string helpName) => new(name)
    {
        Description = description,
        HelpName = helpName,
        AllowMultipleArgumentsPerToken = false,
    };
}
