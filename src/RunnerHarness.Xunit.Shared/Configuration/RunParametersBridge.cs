using System.Globalization;

namespace RunnerHarness.Xunit.Configuration;

/// <summary>
/// Receives runsettings <c>TestRunParameters</c>, which VSTest hands only to MSTest and NUnit. The package's
/// targets run just before <c>dotnet test</c> starts VSTest, read the parameters from the <c>--settings</c>
/// file and from the command line after <c>--</c>, and write them next to the test assembly as
/// <see cref="FileName"/> (<c>name=value</c> lines, later lines win, plus a <c>#written-utc=</c> stamp).
/// The test host only reads it: several test hosts may share the folder. The targets delete it after every build, so a
/// run from an IDE (which builds first) never sees parameters of an earlier command-line run; launchers
/// (<c>runner-harness run</c>) hand their test hosts every setting explicitly and write no bridge file.
/// </summary>
internal static class RunParametersBridge
{
    /// <summary>The bridge file's name, in the test assembly's directory.</summary>
    public const string FileName = "runner-harness.runparameters";

    /// <summary>
    /// How old a bridge file may be. The targets write it seconds before the test host starts; an older
    /// one was left by an earlier command-line run (test hosts leave it in place) and is ignored.
    /// </summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private const string StampPrefix = "#written-utc=";

    /// <summary>Reads the bridge file in <paramref name="directory"/>, leaving it in place; no file means no parameters.</summary>
    public static IReadOnlyDictionary<string, string> Read(string directory, DateTime utcNow, Action<string> note)
    {
        ArgumentNullException.ThrowIfNull(note);
        var path = Path.Combine(directory, FileName);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (FileNotFoundException)
        {
            return new Dictionary<string, string>();
        }
        catch (DirectoryNotFoundException)
        {
            return new Dictionary<string, string>();
        }

        var stamp = lines.FirstOrDefault(l => l.StartsWith(StampPrefix, StringComparison.Ordinal));
        if (stamp is null
            || !DateTime.TryParse(stamp[StampPrefix.Length..], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var written)
            || utcNow - written > MaxAge)
        {
            note($"RunnerHarness: ignored the stale runsettings parameters in {path} (written {stamp?[StampPrefix.Length..] ?? "at an unknown time"}).");
            return new Dictionary<string, string>();
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
            note($"RunnerHarness: runsettings TestRunParameters {string.Join(", ", parameters.Keys.Order(StringComparer.Ordinal))} received through {FileName}.");
        }

        return parameters;
    }
}
