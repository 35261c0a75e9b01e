using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using RunnerHarness.Launching;
using RunnerHarness.Settings;

namespace RunnerHarness.Cli.Tests.Targets;

/// <summary>
/// What <c>build/RunnerHarness.Xunit.Common.targets</c> must agree on with the C# definitions: the settings it bakes into the
/// test assembly (<see cref="HarnessSettingDefinitions.All"/>, by MSBuild property), the environment variables it reads,
/// and the <c>runner-harness</c> exit codes it tests and names (<see cref="ExitCodes"/>).
/// </summary>
internal static partial class TargetsContract
{
    /// <summary>
    /// Exit codes a shell, not the tool, gives when the command does not start: 127 (POSIX shells: command not found)
    /// and 9009 (cmd.exe: not recognised). The targets test them to say the tool is not installed.
    /// </summary>
    private static readonly int[] ShellCodes = [127, 9009];

    /// <summary>The problems of <paramref name="targets"/> (the targets file's text): empty when it agrees with the definitions.</summary>
    public static IReadOnlyList<string> Problems(string targets)
    {
        var document = XDocument.Parse(targets);
        var problems = new List<string>();
        CheckBakedSettings(document, problems);
        CheckEnvironmentVariables(targets, problems);
        CheckExitCodes(document, problems);
        return [.. problems.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Every <c>runner-harness</c> exit code by value, named by its constant.</summary>
    public static IReadOnlyDictionary<int, string> ExitCodesByValue() =>
        typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(int))
            .ToDictionary(f => (int)f.GetRawConstantValue()!, f => f.Name);

    private static void CheckBakedSettings(XDocument document, List<string> problems)
    {
        var baked = document.Descendants("_RunnerHarnessSetting").ToList();
        var byProperty = HarnessSettingDefinitions.All.ToDictionary(s => s.MSBuildProperty, StringComparer.Ordinal);
        foreach (var setting in baked)
        {
            var name = (string?)setting.Attribute("Include") ?? string.Empty;
            var value = (string?)setting.Attribute("Value") ?? string.Empty;
            if (!byProperty.ContainsKey(name))
            {
                problems.Add($"the targets bake '{name}', which is no setting's MSBuild property (HarnessSettingDefinitions.All: {string.Join(", ", byProperty.Keys)})");
            }

            if (value != $"$({name})")
            {
                problems.Add($"the targets bake '{name}' from '{value}', not from its own property $({name})");
            }
        }

        foreach (var property in byProperty.Keys.Where(p => baked.Count(b => (string?)b.Attribute("Include") == p) != 1))
        {
            problems.Add($"the targets bake the setting property '{property}' {baked.Count(b => (string?)b.Attribute("Include") == property)} times, not once");
        }
    }

    private static void CheckEnvironmentVariables(string targets, List<string> problems)
    {
        var known = HarnessSettingDefinitions.All.Select(s => s.EnvironmentVariable).Append(LaunchSettingsFile.EnvironmentVariable).ToHashSet(StringComparer.Ordinal);
        foreach (var variable in EnvironmentReference().Matches(targets).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal))
        {
            if (!known.Contains(variable))
            {
                problems.Add($"the targets read the environment variable '{variable}', which no definition declares (known: {string.Join(", ", known)})");
            }
        }
    }

    private static void CheckExitCodes(XDocument document, List<string> problems)
    {
        var codes = ExitCodesByValue();
        var named = new HashSet<int>();
        foreach (var text in document.Descendants("Error").Select(e => (string?)e.Attribute("Text") ?? string.Empty))
        {
            foreach (Match list in ParenthesisedCodes().Matches(text))
            {
                foreach (var entry in list.Groups[1].Value.Split(", "))
                {
                    var space = entry.IndexOf(' ', StringComparison.Ordinal);
                    var code = int.Parse(entry[..space], System.Globalization.CultureInfo.InvariantCulture);
                    var words = entry[(space + 1)..];
                    named.Add(code);
                    if (!codes.TryGetValue(code, out var constant))
                    {
                        problems.Add($"the targets name the exit code {code} ({words}), which ExitCodes does not define");
                    }
                    else if (!string.Equals(WordsOf(constant), words, StringComparison.Ordinal))
                    {
                        problems.Add($"the targets call the exit code {code} '{words}', but ExitCodes calls it {constant} ('{WordsOf(constant)}')");
                    }
                }
            }
        }

        foreach (var condition in document.Descendants("Error").Select(e => (string?)e.Attribute("Condition") ?? string.Empty))
        {
            foreach (var code in ComparedCode().Matches(condition).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)))
            {
                if (ShellCodes.Contains(code) || code == ExitCodes.Success)
                {
                    continue;
                }

                if (!codes.ContainsKey(code))
                {
                    problems.Add($"the targets test the exit code {code}, which ExitCodes does not define");
                }
                else if (!named.Contains(code))
                {
                    problems.Add($"the targets test the exit code {code} ({codes[code]}) without naming it in an error text as '{code} {WordsOf(codes[code])}'");
                }
            }
        }
    }

    /// <summary><c>UsageError</c> as the targets' prose says it: <c>usage error</c>.</summary>
    private static string WordsOf(string constant) => UpperCase().Replace(constant, " $0").Trim().ToLowerInvariant();

    [GeneratedRegex(@"\$\((RUNNER_HARNESS_[A-Z_]+)\)")]
    private static partial Regex EnvironmentReference();

    [GeneratedRegex(@"\((\d+ [a-z]+(?: [a-z]+)*(?:, \d+ [a-z]+(?: [a-z]+)*)*)\)")]
    private static partial Regex ParenthesisedCodes();

    [GeneratedRegex(@"'\$\(_RunnerHarnessShardsExitCode\)' [!=]= '(\d+)'")]
    private static partial Regex ComparedCode();

    [GeneratedRegex("[A-Z]")]
    private static partial Regex UpperCase();
}
