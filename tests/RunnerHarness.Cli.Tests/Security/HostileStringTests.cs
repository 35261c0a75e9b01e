using System.Text;
using System.Text.Json;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Tests;

namespace RunnerHarness.Cli.Tests.Security;

/// <summary>
/// Hostile model names, dimension values and run ids (path parts, NUL, control and bidi characters, ANSI
/// escapes, markup, a 100 KB string, non-ASCII) through the store, every report format and every export:
/// no file is written outside the store or the output folder, no file name breaks, and each output
/// shows the strings escaped for its format.
/// </summary>
public sealed class HostileStringTests
{
    private static readonly string Long = string.Concat(Enumerable.Repeat("長い名前/../", 100_000 / 9));

    private static readonly string[] Hostile =
    [
        "../../escaped", "/etc/passwd", "a/b\\c", "nul\0inside", "bell\a\u001b[2J\u001b[31mred", "line\r\nforged: true",
        "<script>alert(1)</script>", "=HYPERLINK(\"http://x\")", "rtl\u202Eexe.txt", "..", ".", "", Long, "日本語 ✓ émoji 🚀",
    ];

    // The hostile strings short enough to name a partition folder.
    private static readonly string[] Short = [.. Hostile.Where(h => h != Long)];

    [Fact]
    public void ReportsAndExports_HostileModelsAndDimensions_StayInTheirFoldersWithValidNamesAndEscapedText()
    {
        using var cli = new CliRun(Records());
        var outputs = Path.Combine(cli.Directory, "out");
        Directory.CreateDirectory(outputs);
        var before = Entries(cli.Directory);

        string[][] commands =
        [
            ["report", "--group-by", "model,flavour", "--format", "console"],
            ["report", "--group-by", "model,flavour", "--format", "markdown", "--output", Path.Combine(outputs, "report.md")],
            ["report", "--group-by", "model,flavour", "--format", "json", "--output", Path.Combine(outputs, "report.json")],
            ["report", "--group-by", "model,flavour", "--format", "csv", "--output", Path.Combine(outputs, "report.csv")],
            ["report", "--group-by", "model,flavour", "--format", "html", "--output", Path.Combine(outputs, "report.html")],
            ["export", "--format", "csv", "--output", Path.Combine(outputs, "records.csv")],
            ["export", "--format", "jsonl", "--output", Path.Combine(outputs, "records.jsonl")],
            ["export", "--format", "parquet", "--partition-by", "model", "--prompt-type", "baseline", "--output", Path.Combine(outputs, "by-model")],
            ["export", "--format", "jsonl", "--partition-by", "flavour", "--output", Path.Combine(outputs, "by-flavour")],
            ["export", "--format", "master-database", "--output", Path.Combine(outputs, "master_database.json")],
        ];
        var console = "";
        foreach (var command in commands)
        {
            var (code, output, error) = cli.Run([.. command, "--store", cli.Store]);
            Assert.True(code == ExitCodes.Success, $"{string.Join(' ', command.Take(4))} exited {code}: {error}");
            console += output + error;
        }

        // A value too long for a folder name cannot partition: a clear error, not a broken name.
        var (longCode, _, longError) = cli.Run("export", "--format", "parquet", "--partition-by", "model", "--output", Path.Combine(outputs, "by-long-model"), "--store", cli.Store);
        Assert.Equal(ExitCodes.OutputError, longCode);
        Assert.Contains("over the 255 bytes a file name may have; partition by another column", longError, StringComparison.Ordinal);
        Assert.True(longError.Length < 1_000, "the error repeats the whole value");

        // Only the outputs asked for are new, all inside out/, each name a valid file name.
        var created = Entries(cli.Directory).Except(before).ToList();
        Assert.All(created, p => Assert.StartsWith(outputs + Path.DirectorySeparatorChar, p, StringComparison.Ordinal));
        Assert.All(created, p => Assert.True(
            Path.GetFileName(p).All(c => !char.IsControl(c)) && Encoding.UTF8.GetByteCount(Path.GetFileName(p)) <= 255,
            $"a broken file name: {Path.GetFileName(p)[..Math.Min(80, Path.GetFileName(p).Length)]}"));
        Assert.Equal(Short.Length, Directory.GetDirectories(Path.Combine(outputs, "by-model")).Length);

        // Text outputs carry no raw control character (a terminal or a Markdown renderer would act on it).
        foreach (var text in new[] { console, File.ReadAllText(Path.Combine(outputs, "report.md")) })
        {
            Assert.DoesNotContain(text, c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));
            Assert.DoesNotContain("\nforged: true", text, StringComparison.Ordinal);
        }

        var html = File.ReadAllText(Path.Combine(outputs, "report.html"));
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\n=HYPERLINK", File.ReadAllText(Path.Combine(outputs, "records.csv")), StringComparison.Ordinal);
        Assert.DoesNotContain("\n=HYPERLINK", File.ReadAllText(Path.Combine(outputs, "report.csv")), StringComparison.Ordinal);

        // Machine formats keep every string exactly, escaped by their own syntax.
        var models = JsonDocument.Parse(File.ReadAllText(Path.Combine(outputs, "report.json"))).RootElement.GetProperty("groups")
            .EnumerateArray().Select(g => g.GetProperty("key").GetProperty("model").GetString() ?? "").ToHashSet(StringComparer.Ordinal);
        Assert.All(Hostile.Where(h => h.Length > 0), h => Assert.Contains(h, models));
        Assert.Equal(Hostile.Length, Directory.GetFiles(Path.Combine(outputs, "by-flavour"), "*.jsonl", SearchOption.AllDirectories).Sum(f => File.ReadLines(f).Count()));
        var lines = File.ReadLines(Path.Combine(outputs, "records.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(Hostile.ToHashSet(StringComparer.Ordinal), lines.Select(l => l.GetProperty("model").GetString()!).ToHashSet(StringComparer.Ordinal));
    }

    [Fact]
    public void RecordWriter_HostileRunIds_AreRefusedOrStayInsideTheStore()
    {
        using var directory = new TemporaryDirectory();
        var store = Path.Combine(directory.Path, "store");
        var outcomes = new List<string>();
        foreach (var runId in Hostile)
        {
            try
            {
                using var writer = RecordWriter.Open(new StoreLayout(store), SampleHoldings.Rule, StorageFormat.Json, runId);
                writer.Append(new ResultRecord { Model = "gpt-4o-mini", Outcome = TestOutcome.Passed });
                writer.Complete();
                outcomes.Add("written");
            }
            catch (ArgumentException ex)
            {
                Assert.Contains("run id", ex.Message, StringComparison.OrdinalIgnoreCase);
                outcomes.Add("refused");
            }
        }

        Assert.All(Entries(directory.Path), p => Assert.StartsWith(store + Path.DirectorySeparatorChar, p, StringComparison.Ordinal));
        Assert.All(Entries(directory.Path), p => Assert.True(Path.GetFileName(p).All(c => !char.IsControl(c)), $"a broken file name: {p}"));
        var written = outcomes.Count(o => o == "written");
        Assert.Equal(written, written == 0 && !Directory.Exists(store) ? 0 : new StoreReader(new StoreLayout(store)).Read().Count());
    }

    // Every hostile string as a model and as a dimension value, next to ordinary records.
    private static IEnumerable<ResultRecord> Records() =>
        Hostile.Select((model, i) => new ResultRecord
        {
            RecordId = $"0193a1b2-c3d4-7e5f-8a9b-{i:D12}",
            RunId = "run-20261128-0001",
            Model = model,
            PromptType = model == Long ? "cot" : "baseline",
            Outcome = i % 3 == 0 ? TestOutcome.Failed : TestOutcome.Passed,
            ErrorMessage = i % 3 == 0 ? model : null,
            StartedAt = new DateTime(2026, 11, 28, 8, 0, i, DateTimeKind.Utc),
            Dimensions = new() { ["flavour"] = Short[(i + 3) % Short.Length] },
        });

    private static List<string> Entries(string root) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)];
}
