using System.CommandLine;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Cli.Options;

/// <summary>Options naming a storage format, by the test host's own rule (<see cref="HarnessSettings.TryParseFormat"/>): <c>json</c> or <c>parquet</c>, case-insensitive, spaces around ignored.</summary>
public static class FormatOption
{
    /// <summary>Creates a <c>--format</c>-style option named <paramref name="name"/>.</summary>
    public static Option<string?> Create(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "json|parquet",
    };

    /// <summary>Parses <paramref name="value"/> (given by <paramref name="source"/>: an option, or an environment variable); <see langword="null"/> when it is not given.</summary>
    /// <exception cref="CommandFailedException">Neither json nor parquet (<see cref="ExitCodes.UsageError"/>).</exception>
    public static StorageFormat? Parse(string? value, string source) =>
        value is null ? null
        : HarnessSettings.TryParseFormat(value, out var format) ? format
        : throw new CommandFailedException(ExitCodes.UsageError, $"{source} '{value}' is not a storage format; valid: {HarnessSettings.FormatNames}.");
}
