using System.Text;
using System.Text.RegularExpressions;
using RunnerHarness.Settings;

namespace RunnerHarness.Tests.Docs;

/// <summary>
/// docs/configuration.md's table of settings is generated from <see cref="HarnessSettingDefinitions"/>: this test
/// renders it and fails, printing the table to paste, when the doc's copy differs; so the reference cannot drift.
/// </summary>
public partial class ConfigurationReferenceTests
{
    private const string Begin = "<!-- settings table: generated from HarnessSettingDefinitions by ConfigurationReferenceTests -->";
    private const string End = "<!-- end of settings table -->";

    /// <summary>Variables the doc may name that are not harness settings of the test host.</summary>
    private static readonly HashSet<string> OtherVariables = new(StringComparer.Ordinal) { "RUNNER_HARNESS_MODELS_CONFIG" };

    [Fact]
    public void ConfigurationDoc_SettingsTable_IsTheOneTheDefinitionsGenerate()
    {
        var doc = File.ReadAllText(DocPath);
        var start = doc.IndexOf(Begin, StringComparison.Ordinal);
        var end = doc.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"docs/configuration.md has no '{Begin}' ... '{End}' block.");

        var actual = doc[(start + Begin.Length)..end].Trim();

        var expected = Table().Trim();
        Assert.True(expected == actual, $"docs/configuration.md's settings table is out of date; replace it with:\n{expected}");
    }

    [Fact]
    public void ConfigurationDoc_EveryHarnessVariableItNames_IsASetting()
    {
        var doc = File.ReadAllText(DocPath);
        var known = HarnessSettingDefinitions.All.Select(s => s.EnvironmentVariable).ToHashSet(StringComparer.Ordinal);

        var unknown = HarnessVariable().Matches(doc).Select(m => m.Value).Where(v => !known.Contains(v) && !OtherVariables.Contains(v)).Distinct().ToList();

        Assert.True(unknown.Count == 0, $"docs/configuration.md names variables no setting reads: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void ConfigurationDoc_Precedence_ListsTheSourcesInTheOrderTheyApply()
    {
        var doc = File.ReadAllText(DocPath);
        string[] phrases =
        [
            "1. **Command-line options**", "2. **Environment variables", "3. **Runsettings `TestRunParameters`", "4. **The `testconfig.json` section",
            "5. **MSBuild properties", "6. **Built-in defaults",
        ];
        Assert.Equal(Enum.GetValues<SettingSource>().Length, phrases.Length);

        var positions = phrases.Select(p => doc.IndexOf(p, StringComparison.Ordinal)).ToList();

        Assert.All(positions, p => Assert.True(p >= 0, "a precedence entry is missing"));
        Assert.Equal(positions.Order(), positions);
    }

    /// <summary>The table: one row per setting, in <see cref="HarnessSettingDefinitions.All"/> order.</summary>
    public static string Table()
    {
        var text = new StringBuilder()
            .Append("| setting | environment variable | runsettings parameter | MSBuild property | MTP option | testconfig.json key | values and default |\n")
            .Append("|---|---|---|---|---|---|---|\n");
        foreach (var setting in HarnessSettingDefinitions.All)
        {
            text.Append($"| {setting.Key} | `{setting.EnvironmentVariable}` | `{setting.Key}` | `{setting.MSBuildProperty}` | `--{setting.CommandLineOption}` | `{setting.ConfigurationKey}` | {setting.Description.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        }

        return text.ToString();
    }

    private static string DocPath => RepositoryFolder.PathOf("docs", "configuration.md");

    [GeneratedRegex(@"\b(?:RUNNER_HARNESS_[A-Z_]+|STORAGE_FORMAT)\b")]
    private static partial Regex HarnessVariable();
}
