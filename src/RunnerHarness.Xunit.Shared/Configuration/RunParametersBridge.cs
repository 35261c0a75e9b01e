using System.Globalization;
using RunnerHarness.Settings;

namespace RunnerHarness.Xunit.Configuration;

/// <summary>
/// Receives runsettings <c>TestRunParameters</c>, which VSTest hands only to MSTest and NUnit. The package's
/// targets run just before <c>dotnet test</c> starts VSTest, read the parameters from the <c>--settings</c>
/// file and from the command line after <c>--</c>, write them to a file of that run's own (<c>name=value</c> lines,
/// later lines win, plus a <c>#written-utc=</c> stamp) under the project's <c>obj</c> folder, and name the file in
/// <see cref="EnvironmentVariable"/>, which reaches the test host through vstest.console. Two runs of one project at
/// once therefore never read each other's parameters. The test host only reads the file: several test hosts of a run
/// may share it; the targets delete files older than <see cref="MaxAge"/>. A run from an IDE (no VSTest target) sets no
/// variable; launchers (<c>runner-harness run</c>) hand their test hosts every setting explicitly and write no bridge file.
/// </summary>
internal static class RunParametersBridge
{
    /// <summary>The environment variable in which the targets name this run's bridge file.</summary>
    public const string EnvironmentVariable = "RUNNER_HARNESS_RUN_PARAMETERS_FILE";

    /// <summary>
    /// How old a bridge file may be. The targets write it seconds before the test host starts; an older
    /// one is not this run's (the targets delete such files).
    /// </summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private const string StampPrefix = "#written-utc=";

    /// <summary>
    /// Reads the bridge file named by <see cref="EnvironmentVariable"/>, leaving it in place; no variable means no
    /// parameters. A named file that is missing or older than <see cref="MaxAge"/> fails the run: the parameters were given
    /// to some run, and recording without them would put results where its user did not ask.
    /// </summary>
    /// <exception cref="HarnessSettingsException">The named file is missing or stale.</exception>
    public static IReadOnlyDictionary<string, string> Read(Func<string, string?> getEnvironmentVariable, DateTime utcNow, Action<string> note)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        ArgumentNullException.ThrowIfNull(note);
        if (getEnvironmentVariable(EnvironmentVariable) is not { Length: > 0 } path)
        {
            return new Dictionary<string, string>();
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // The variable names parameters this run was given; recording without them would put results where the user did not ask.
            throw new HarnessSettingsException(
                $"RunnerHarness: {EnvironmentVariable} names the runsettings parameters file {path}, which does not exist. The package's targets write it just before " +
                $"dotnet test starts VSTest; run dotnet test again, or unset {EnvironmentVariable} if it was set outside dotnet test (e.g. inherited from another run).");
        }

        var stamp = lines.FirstOrDefault(l => l.StartsWith(StampPrefix, StringComparison.Ordinal));
        if (stamp is null
            || !DateTime.TryParse(stamp[StampPrefix.Length..], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var written)
            || utcNow - written > MaxAge)
        {
            throw new HarnessSettingsException(
                $"RunnerHarness: the runsettings parameters file {path}, named by {EnvironmentVariable}, was written {stamp?[StampPrefix.Length..] ?? "at an unknown time"}, " +
                $"more than {MaxAge.TotalMinutes:0} minutes before this test host started ({utcNow:o}), so it is not this run's. Run dotnet test again, or unset " +
                $"{EnvironmentVariable} if it was set outside dotnet test (e.g. inherited from another run).");
        }

        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Where(l => l.Length > 0 && l[0] != '#'))
        {
            var separator = line.IndexOf('=', StringComparison.Ordinal);
            if (separator > 0)
            {
                parameters[line[..separator].Trim()] = line[(separator + 1)..];
            }
        }

        if (parameters.Count > 0)
        {
            note($"RunnerHarness: runsettings TestRunParameters {string.Join(", ", parameters.Keys.Order(StringComparer.Ordinal))} received through {path}.");
        }

        return parameters;
    }
}
