using RunnerHarness.Cli.Options;
using RunnerHarness.Schema;

namespace RunnerHarness.Cli.Commands;

/// <summary>
/// One side of <c>compare</c>: <c>run:ID</c> (or a bare run id), <c>model:NAME</c>, or
/// <c>range:FROM..TO</c> (UTC times of <c>finished_at</c>, either end open).
/// </summary>
internal sealed record ComparisonSide(string Kind, string? Value, DateTime? From, DateTime? Until)
{
    public const string Run = "run";
    public const string Model = "model";
    public const string Range = "range";

    /// <summary>Parses a side.</summary>
    /// <exception cref="CommandFailedException">Malformed (<see cref="ExitCodes.UsageError"/>).</exception>
    public static ComparisonSide Parse(string text, string role)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? Run : text[..colon];
        var value = colon < 0 ? text : text[(colon + 1)..];
        if (value.Length == 0)
        {
            throw Usage(text, role);
        }

        switch (kind)
        {
            case Run:
            case Model:
                return new ComparisonSide(kind, value, null, null);
            case Range:
                var dots = value.IndexOf("..", StringComparison.Ordinal);
                if (dots < 0)
                {
                    throw Usage(text, role);
                }

                var from = FilterOptions.Time(value[..dots], role);
                var until = FilterOptions.Time(value[(dots + 2)..], role);
                if (from is not null && until is not null && until <= from)
                {
                    throw new CommandFailedException(ExitCodes.UsageError, $"The {role} range {value} ends before it starts.");
                }

                return new ComparisonSide(kind, null, from, until);
            default:
                throw Usage(text, role);
        }
    }

    /// <summary>The columns <see cref="Matches"/> reads.</summary>
    public string Column => Kind switch
    {
        Run => RecordColumns.RunId,
        Model => RecordColumns.Model,
        _ => RecordColumns.FinishedAt,
    };

    /// <summary>
    /// The case-key axes this side's records differ in from the other side's on the same item, left out of the
    /// item key when pairing: a model's name and its provider; none for runs and time ranges (not in the key).
    /// </summary>
    public IEnumerable<string> ComparedAxes => Kind == Model ? [RecordColumns.Model, RecordColumns.Provider] : [];

    /// <summary>Whether <paramref name="record"/> belongs to this side.</summary>
    public bool Matches(ResultRecord record) => Kind switch
    {
        Run => string.Equals(record.RunId, Value, StringComparison.Ordinal),
        Model => string.Equals(record.Model, Value, StringComparison.OrdinalIgnoreCase),
        _ => record.FinishedAt is { } at && (From is null || at >= From) && (Until is null || at < Until),
    };

    /// <summary>The side as text, e.g. <c>run run-1</c>.</summary>
    public string Describe() => Kind == Range
        ? $"finished {(From is { } f ? FilterOptions.Format(f) : "any time")} .. {(Until is { } u ? FilterOptions.Format(u) : "now")}"
        : $"{Kind} {Value}";

    private static CommandFailedException Usage(string text, string role) => new(
        ExitCodes.UsageError,
        $"The {role} '{text}' is not run:ID, model:NAME or range:FROM..TO (e.g. range:2025-08-01..2025-08-08).");
}
