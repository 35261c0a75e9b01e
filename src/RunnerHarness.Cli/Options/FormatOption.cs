using System.CommandLine;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Cli.Options;

/// <summary>Options naming a storage format: <c>json</c> or <c>parquet</c>, case-insensitive.</summary>
public static class FormatOption
{
    /// <summary>Creates a <c>--format</c>-style option named <paramref name="name"/>.</summary>
    public static Option<string?> Create(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "json|parquet",
    };

    /// <summary>Parses <paramref name="value"/>; <see langword="null"/> when it is not given.</summary>
    /// <exception cref="CommandFailedException">Neither json nor parquet (<see cref="ExitCodes.UsageError"/>).</exception>
    public static StorageFormat? Parse(string? value, string optionName) => value?.ToLowerInvariant() switch
    {
        null => null,
        "json" or "jsonl" => StorageFormat.Json,
        "parquet" => StorageFormat.Parquet,
        _ => throw new CommandFailedException(ExitCodes.UsageError, $"{optionName} '{value}' is not a storage format; valid: json, parquet."),
    };
}
