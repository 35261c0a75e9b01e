using System.Globalization;
using System.Text.Json;
using RunnerHarness.Matrix;
using RunnerHarness.Schema;
using RunnerHarness.Store;

namespace RunnerHarness.Cli.Tests.Commands;

/// <summary>
/// <c>compare</c> on stores of two models answering the same dataset items: pairing, McNemar, resampling tests,
/// p-value adjustment and the gate, through the real CLI and <c>--json</c>. Expected p-values are exact binomial
/// sums and p.adjust-style adjustments computed by hand (see docs/aggregation.md and the core tests).
/// </summary>
public abstract class ComparePairedCommandTests(StorageFormat format)
{
    private const string Baseline = "gpt-4o-mini";
    private const string Candidate = "claude-sonnet-4-5";

    /// <summary>The format the store under test is sealed in.</summary>
    protected StorageFormat Format { get; } = format;

    [Fact]
    public void Compare_IssueExample_PairedMcNemarFindsWhatTheUnpairedTestMisses()
    {
        // 200 shared items: the baseline right on 120, the candidate on 110, never where the baseline was wrong.
        var records = new StoreBuilder();
        for (var item = 0; item < 200; item++)
        {
            records.Answer(Baseline, "optimal", item, right: item < 120);
            records.Answer(Candidate, "optimal", item, right: item < 110);
        }

        using var cli = new CliRun(records.Records, Format);

        var paired = Json(cli, "--group-by", "prompt_type");
        var unpaired = Json(cli, "--group-by", "prompt_type", "--unpaired");

        var cell = Cell(paired, "optimal");
        Assert.Equal("mcnemar_exact", cell.GetProperty("test").GetString());
        Assert.Equal(0.001953125, cell.GetProperty("p_value").GetDouble(), 10); // 2 / 2^10
        Assert.Equal(0.001953125, cell.GetProperty("p_adjusted").GetDouble(), 10); // one cell: nothing to adjust
        Assert.Equal(200, cell.GetProperty("pairs").GetInt32());
        Assert.Equal(0, cell.GetProperty("unpaired").GetInt32());
        Assert.Equal(-0.05, cell.GetProperty("change").GetDouble(), 10);
        Assert.True(cell.GetProperty("regression").GetBoolean());

        var independent = Cell(unpaired, "optimal");
        Assert.Equal("two_proportion_z", independent.GetProperty("test").GetString());
        Assert.Equal(0.3118042222, independent.GetProperty("p_value").GetDouble(), 6); // z = 0.05 / sqrt(.575 * .425 * .01)
        Assert.Equal(0, independent.GetProperty("pairs").GetInt32());
        Assert.Equal(400, independent.GetProperty("unpaired").GetInt32());
        Assert.False(independent.GetProperty("regression").GetBoolean());
    }

    [Fact]
    public void Compare_ThreeCells_ExactMcNemarAndBenjaminiHochbergValues()
    {
        // optimal: baseline alone right on 10, candidate alone on 0; cot: 8 vs 1; baseline: 3 vs 3. 30 shared items
        // each, and 2 candidate answers in cot on items the baseline never saw.
        var records = new StoreBuilder();
        records.Cell("optimal", items: 30, baselineOnly: 10, candidateOnly: 0);
        records.Cell("cot", items: 30, baselineOnly: 8, candidateOnly: 1);
        records.Cell("baseline", items: 30, baselineOnly: 3, candidateOnly: 3);
        records.Answer(Candidate, "cot", 900, right: true);
        records.Answer(Candidate, "cot", 901, right: false);
        using var cli = new CliRun(records.Records, Format);

        var bh = Json(cli, "--group-by", "prompt_type");
        var holm = Json(cli, "--group-by", "prompt_type", "--adjust", "holm");
        var midP = Json(cli, "--group-by", "prompt_type", "--mid-p");

        // Raw: 2/2^10, 2*(1+9)/2^9, 1. BH (m = 3): 3 * 0.001953125 / 1, 3 * 0.0390625 / 2, 1.
        AssertCell(Cell(bh, "optimal"), "mcnemar_exact", 0.001953125, 0.005859375, pairs: 30, unpaired: 0, regression: true);
        AssertCell(Cell(bh, "cot"), "mcnemar_exact", 0.0390625, 0.05859375, pairs: 30, unpaired: 2, regression: false);
        AssertCell(Cell(bh, "baseline"), "mcnemar_exact", 1, 1, pairs: 30, unpaired: 0, regression: false);

        // Holm: 3 * 0.001953125, max(that, 2 * 0.0390625), 1.
        Assert.Equal(0.078125, Cell(holm, "cot").GetProperty("p_adjusted").GetDouble(), 10);
        Assert.Equal("holm", holm.GetProperty("adjustment").GetString());

        // Mid-p: 0.0390625 - C(9, 1) / 2^9.
        AssertCell(Cell(midP, "cot"), "mcnemar_mid_p", 0.021484375, 0.0322265625, pairs: 30, unpaired: 2, regression: true);

        // Overall pools all 90 pairs: 21 vs 4 discordant, 2 * (1 + 25 + 300 + 2300 + 12650) / 2^25.
        var overall = bh.GetProperty("overall");
        AssertCell(overall, "mcnemar_exact", 0.0009105205535888672, 0.0009105205535888672, pairs: 90, unpaired: 2, regression: true);
        Assert.True(overall.GetProperty("minimum_detectable_difference").GetDouble() is > 0 and < 0.3);
    }

    [Fact]
    public void Compare_AdjustmentTurnsRawRegressionIntoNone_GateKeepsExitCode()
    {
        // optimal: 6 vs 0 discordant (raw p = 2/2^6 = 0.03125); cot and baseline: 2 vs 2 (p = 1).
        // BH: 3 * 0.03125 = 0.09375 > 0.05; the pooled overall is 10 vs 4 (p = 0.1796): no regression anywhere.
        var records = new StoreBuilder();
        records.Cell("optimal", items: 20, baselineOnly: 6, candidateOnly: 0);
        records.Cell("cot", items: 20, baselineOnly: 2, candidateOnly: 2);
        records.Cell("baseline", items: 20, baselineOnly: 2, candidateOnly: 2);
        using var cli = new CliRun(records.Records, Format);

        var (adjustedCode, adjustedOut, _) = cli.Run(Args(cli, "--group-by", "prompt_type", "--fail-on-regression", "--json"));
        var (rawCode, _, rawError) = cli.Run(Args(cli, "--group-by", "prompt_type", "--fail-on-regression", "--adjust", "none"));

        var optimal = Cell(JsonDocument.Parse(adjustedOut).RootElement, "optimal");
        Assert.Equal(0.03125, optimal.GetProperty("p_value").GetDouble(), 10);
        Assert.Equal(0.09375, optimal.GetProperty("p_adjusted").GetDouble(), 10);
        Assert.False(optimal.GetProperty("regression").GetBoolean());
        Assert.Equal(ExitCodes.Success, adjustedCode);
        Assert.Equal(ExitCodes.GateFailed, rawCode);
        Assert.Contains("gate failed: regression", rawError, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_RepeatedSamples_AveragedPerItemAndSignFlipWithPrintedSeed()
    {
        // 4 items, 3 samples each side: the baseline right on every sample, the candidate on 1 of 3 for each item.
        // Per item the difference is -2/3; all 16 sign patterns enumerated: p = 2/16.
        var records = new StoreBuilder();
        for (var item = 0; item < 4; item++)
        {
            for (var sample = 0; sample < 3; sample++)
            {
                records.Answer(Baseline, "optimal", item, right: true, sample);
                records.Answer(Candidate, "optimal", item, right: sample == 0, sample);
            }
        }

        using var cli = new CliRun(records.Records, Format);

        var signFlip = Json(cli, "--group-by", "prompt_type", "--seed", "11");
        var bootstrap = Json(cli, "--group-by", "prompt_type", "--paired-test", "bootstrap", "--seed", "11");
        var (_, text, _) = cli.Run(Args(cli, "--group-by", "prompt_type", "--seed", "11"));

        var cell = Cell(signFlip, "optimal");
        Assert.Equal("sign_flip_permutation", cell.GetProperty("test").GetString());
        Assert.Equal(0.125, cell.GetProperty("p_value").GetDouble(), 10);
        Assert.Equal(4, cell.GetProperty("pairs").GetInt32());
        Assert.Equal(-2.0 / 3, cell.GetProperty("change").GetDouble(), 10);
        Assert.Equal(11, signFlip.GetProperty("seed").GetInt32());
        Assert.Equal("paired_bootstrap", Cell(bootstrap, "optimal").GetProperty("test").GetString());
        Assert.Contains("resampling seed 11", text, StringComparison.Ordinal);
        Assert.Contains("sign_flip_permutation", text, StringComparison.Ordinal);
        Assert.Contains("Paired on 4 shared items (0 results without a partner)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_Metric_PairedMeanDifferenceOfFinalScore()
    {
        // 5 items, final_score 0.8 -> 0.6 on each: mean difference -0.2, exact sign-flip p = 2/2^5.
        var records = new StoreBuilder();
        for (var item = 0; item < 5; item++)
        {
            records.Answer(Baseline, "optimal", item, right: true, finalScore: 0.8);
            records.Answer(Candidate, "optimal", item, right: true, finalScore: 0.6);
        }

        using var cli = new CliRun(records.Records, Format);

        var result = Json(cli, "--group-by", "prompt_type", "--metric", "final_score");
        var (code, _, error) = cli.Run(Args(cli, "--metric", "judge_agreement"));

        var cell = Cell(result, "optimal");
        Assert.Equal("final_score", result.GetProperty("metric").GetString());
        Assert.Equal("sign_flip_permutation", cell.GetProperty("test").GetString());
        Assert.Equal(-0.2, cell.GetProperty("change").GetDouble(), 10);
        Assert.Equal(0.0625, cell.GetProperty("p_value").GetDouble(), 10);
        Assert.Equal(ExitCodes.NoData, code);
        Assert.Contains("--metric judge_agreement", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_BadAdjustment_ExitsUsageErrorNamingTheValue()
    {
        using var cli = new CliRun(Format);

        var (code, _, error) = cli.Run("compare", "run-1", "run-2", "--store", cli.Store, "--adjust", "bonferroni");

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("--adjust 'bonferroni'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_RunsOfSampleStore_PairsTheSameItemsAcrossRuns()
    {
        // SampleRecords: each model answers 4 items (prompt type x difficulty) 5 times per run.
        using var cli = new CliRun(Format);

        var (_, output, _) = cli.Run("compare", "run-1", "run-2", "--store", cli.Store, "--group-by", "model", "--json");

        var beta = JsonDocument.Parse(output).RootElement.GetProperty("cells").EnumerateArray()
            .Single(c => c.GetProperty("key").GetProperty("model").GetString() == "beta");
        Assert.Equal("sign_flip_permutation", beta.GetProperty("test").GetString());
        Assert.Equal(4, beta.GetProperty("pairs").GetInt32());
        Assert.Equal(0, beta.GetProperty("unpaired").GetInt32());
    }

    private static string[] Args(CliRun cli, params string[] extra) => ["compare", $"model:{Baseline}", $"model:{Candidate}", "--store", cli.Store, .. extra];

    private static JsonElement Json(CliRun cli, params string[] extra)
    {
        var (code, output, error) = cli.Run([.. Args(cli, extra), "--json"]);
        Assert.True(code == ExitCodes.Success, $"exit {code}: {error}");
        return JsonDocument.Parse(output).RootElement;
    }

    private static JsonElement Cell(JsonElement root, string promptType) =>
        root.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("key").GetProperty("prompt_type").GetString() == promptType);

    private static void AssertCell(JsonElement cell, string test, double p, double adjusted, int pairs, int unpaired, bool regression)
    {
        Assert.Equal(test, cell.GetProperty("test").GetString());
        Assert.Equal(p, cell.GetProperty("p_value").GetDouble(), 10);
        Assert.Equal(adjusted, cell.GetProperty("p_adjusted").GetDouble(), 10);
        Assert.Equal(pairs, cell.GetProperty("pairs").GetInt32());
        Assert.Equal(unpaired, cell.GetProperty("unpaired").GetInt32());
        Assert.Equal(regression, cell.GetProperty("regression").GetBoolean());
    }

    /// <summary>Records of a dataset batch: one per model, prompt type, item and sample, as the recorder writes them.</summary>
    private sealed class StoreBuilder
    {
        private static readonly DateTime Start = new(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc);

        public List<ResultRecord> Records { get; } = [];

        /// <summary>A cell of <paramref name="items"/> items both models answer: half right on both, then the discordant ones, the rest wrong on both.</summary>
        public void Cell(string prompt, int items, int baselineOnly, int candidateOnly)
        {
            for (var i = 0; i < items; i++)
            {
                var both = i < items / 3;
                var a = both || (i >= items / 3 && i < (items / 3) + baselineOnly);
                var b = both || (i >= (items / 3) + baselineOnly && i < (items / 3) + baselineOnly + candidateOnly);
                Answer(Baseline, prompt, i, a);
                Answer(Candidate, prompt, i, b);
            }
        }

        public void Answer(string model, string prompt, int item, bool right, int sample = 0, double? finalScore = null)
        {
            var provider = model.StartsWith("gpt", StringComparison.Ordinal) ? "openai" : "anthropic";
            var id = "q" + item.ToString("D4", CultureInfo.InvariantCulture);
            var n = Records.Count;
            var finished = Start.AddSeconds(n * 3);
            Records.Add(new ResultRecord
            {
                RecordId = $"0193a5f0-0000-7000-8000-{n:D12}",
                RunId = model == Baseline ? "run-2026-11-30-a" : "run-2026-11-30-b",
                CaseKey = CaseKey.Of("WorkflowBench.Tests", "WorkflowBench.Batches.DatasetBatch", "Run", [new("model", model), new("provider", provider), new("prompt_type", prompt), new("difficulty", "medium"), new("task_type", "tool_use"), new("item", id)], sample),
                Assembly = "WorkflowBench.Tests",
                TestClass = "WorkflowBench.Batches.DatasetBatch",
                TestMethod = "Run",
                Outcome = right ? TestOutcome.Passed : TestOutcome.Failed,
                SuccessLevel = right ? SuccessLevel.FullSuccess : SuccessLevel.Failure,
                ErrorCategory = right ? null : ErrorCategory.ModelCategories[0],
                StartedAt = finished.AddSeconds(-2),
                FinishedAt = finished,
                DurationMs = 2000,
                Model = model,
                Provider = provider,
                PromptType = prompt,
                Difficulty = "medium",
                TaskType = "tool_use",
                SampleIndex = sample,
                Dimensions = new Dictionary<string, string>(StringComparer.Ordinal) { ["item"] = id },
                FinalScore = finalScore ?? (right ? 1.0 : 0.0),
            });
        }
    }

    /// <summary>On a JSON Lines store.</summary>
    public sealed class JsonLines() : ComparePairedCommandTests(StorageFormat.Json);

    /// <summary>On a Parquet store, which reads only the projected columns: pairing that under-declares its columns fails here.</summary>
    public sealed class Parquet() : ComparePairedCommandTests(StorageFormat.Parquet);
}
