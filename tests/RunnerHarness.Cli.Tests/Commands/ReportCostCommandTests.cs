using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using RunnerHarness.Schema;
using RunnerHarness.Tests.Reporting;

namespace RunnerHarness.Cli.Tests.Commands;

public sealed class ReportCostCommandTests
{
    // The store: run-1's baseline/easy cell, five samples of each model. Costs from the tokens, by hand:
    // alpha at $2.50 input / $10.00 output per million tokens:
    //   600 in + 100 out = 0.0015 + 0.0010 = 0.0025; 800 + 200 = 0.0020 + 0.0020 = 0.0040; 200 + 50 = 0.0005 + 0.0005 = 0.0010;
    //   600 + 100 = 0.0025; sample 4 has no cost (written before prices) -> 4 records, $0.0100, $0.0025 per sample.
    // beta at $5.00 input / $15.00 output per million tokens:
    //   1200 + 400 = 0.0060 + 0.0060 = 0.0120; 1000 + 200 = 0.0050 + 0.0030 = 0.0080; 1100 + 300 = 0.0055 + 0.0045 = 0.0100;
    //   400 + 0 = 0.0020 (sample 3, rate_limited: the spend counts although the result does not); 1000 + 200 = 0.0080
    //   -> 5 records, $0.0400, $0.0080 per sample.
    // Total: 9 records, $0.0500, $0.0500 / 9 = $0.005556 per sample.
    private static readonly Dictionary<string, (long In, long Out, double? Cost)[]> Usage = new(StringComparer.Ordinal)
    {
        ["alpha"] = [(600, 100, 0.0025), (800, 200, 0.0040), (200, 50, 0.0010), (600, 100, 0.0025), (700, 150, null)],
        ["beta"] = [(1200, 400, 0.0120), (1000, 200, 0.0080), (1100, 300, 0.0100), (400, 0, 0.0020), (1000, 200, 0.0080)],
    };

    [Fact]
    public void Report_StoreWithCosts_ShowsTotalAndPerSampleCostPerModelInAllFiveFormats()
    {
        using var cli = new CliRun(CostedStore());

        var (code, console, error) = cli.Run("report", "--store", cli.Store, "--group-by", "model");
        Assert.True(code == ExitCodes.Success, error);
        Assert.Matches(@"alpha\s+4\s+\$0\.010000\s+\$0\.002500", console);
        Assert.Matches(@"beta\s+5\s+\$0\.040000\s+\$0\.008000", console);
        Assert.Matches(@"Total\s+9\s+\$0\.050000\s+\$0\.005556", console);

        var markdown = Written(cli, "markdown", "report.md");
        Assert.Contains("| alpha | 4 | $0.010000 | $0.002500 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| beta | 5 | $0.040000 | $0.008000 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| Total | 9 | $0.050000 | $0.005556 |", markdown, StringComparison.Ordinal);

        var html = Written(cli, "html", "report.html");
        Assert.Contains("<tr><td>alpha</td><td class=\"n\">4</td><td class=\"n\">$0.010000</td><td class=\"n\">$0.002500</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>beta</td><td class=\"n\">5</td><td class=\"n\">$0.040000</td><td class=\"n\">$0.008000</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>Total</td><td class=\"n\">9</td><td class=\"n\">$0.050000</td><td class=\"n\">$0.005556</td></tr>", html, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(Written(cli, "json", "report.json"));
        var groups = json.RootElement.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetProperty("model").GetString()!, g => g.GetProperty("cost"));
        AssertCost(groups["alpha"], 4, 0.0100, 0.0025);
        AssertCost(groups["beta"], 5, 0.0400, 0.0080);
        AssertCost(json.RootElement.GetProperty("totals").GetProperty("cost"), 9, 0.0500, 0.05 / 9);

        var csv = Written(cli, "csv", "report.csv").Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
        var header = csv[0].ToList();
        var alpha = csv.Single(r => r[0] == "alpha");
        var beta = csv.Single(r => r[0] == "beta");
        Assert.Equal("4", alpha[header.IndexOf("cost_records")]);
        Assert.Equal(0.0100, Real(alpha[header.IndexOf("cost_usd")]), 12);
        Assert.Equal(0.0025, Real(alpha[header.IndexOf("cost_per_sample_usd")]), 12);
        Assert.Equal("5", beta[header.IndexOf("cost_records")]);
        Assert.Equal(0.0400, Real(beta[header.IndexOf("cost_usd")]), 12);
        Assert.Equal(0.0080, Real(beta[header.IndexOf("cost_per_sample_usd")]), 12);
    }

    [Fact]
    public void Report_StoreWithoutCosts_ShowsNoCostInAnyFormat()
    {
        using var cli = new CliRun(CostedStore(withCosts: false));

        var (code, console, error) = cli.Run("report", "--store", cli.Store, "--group-by", "model");

        Assert.True(code == ExitCodes.Success, error);
        Assert.DoesNotContain("Cost", console, StringComparison.Ordinal);
        Assert.DoesNotContain("Cost", Written(cli, "markdown", "report.md"), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"cost\"", Written(cli, "html", "report.html"), StringComparison.Ordinal);
        Assert.DoesNotContain("\"cost\"", Written(cli, "json", "report.json"), StringComparison.Ordinal);
        Assert.DoesNotContain("cost_usd", Written(cli, "csv", "report.csv"), StringComparison.Ordinal);
    }

    private static IEnumerable<ResultRecord> CostedStore(bool withCosts = true) =>
        SampleRecords.All()
            .Where(r => r.RunId == "run-1" && r.PromptType == "baseline" && r.Difficulty == "easy")
            .Select(r =>
            {
                var (input, output, cost) = Usage[r.Model!][r.SampleIndex!.Value];
                return new ResultRecordBuilder(r) { InputTokens = input, OutputTokens = output, CostUsd = withCosts ? cost : null }.Build();
            });

    private static string Written(CliRun cli, string format, string name)
    {
        var path = Path.Combine(cli.Directory, name);
        var (code, _, error) = cli.Run("report", "--store", cli.Store, "--group-by", "model", "--format", format, "--output", path, "--force");
        Assert.True(code == ExitCodes.Success, error);
        return File.ReadAllText(path);
    }

    private static void AssertCost(JsonElement cost, long records, double total, double perSample)
    {
        Assert.Equal(records, cost.GetProperty("records").GetInt64());
        Assert.Equal(total, cost.GetProperty("total_usd").GetDouble(), 12);
        Assert.Equal(perSample, cost.GetProperty("per_sample_usd").GetDouble(), 12);
    }

    private static double Real(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
