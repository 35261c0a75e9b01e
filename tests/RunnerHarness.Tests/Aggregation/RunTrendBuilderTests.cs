using RunnerHarness.Aggregation;
using RunnerHarness.Schema;

namespace RunnerHarness.Tests.Aggregation;

public class RunTrendBuilderTests
{
    private static readonly DateTime Week1 = new(2026, 9, 7, 9, 0, 0, DateTimeKind.Utc);

    // One sample of each of 40 items (test methods) per model and run.
    private static IEnumerable<ResultRecord> Run(string run, DateTime at, string model, Func<int, bool> passes, int items = 40, int firstItem = 0) =>
        Enumerable.Range(firstItem, items).Select(i => new ResultRecord
        {
            RecordId = ResultRecord.NewRecordId(),
            RunId = run,
            Assembly = "WorkflowBench",
            TestClass = "WorkflowBench.WorkflowBatchTests",
            TestMethod = $"Workflow_{i:D2}",
            Model = model,
            Provider = "openai",
            PromptType = "cot",
            Difficulty = "hard",
            Outcome = passes(i) ? TestOutcome.Passed : TestOutcome.Failed,
            SuccessLevel = passes(i) ? SuccessLevel.FullSuccess : SuccessLevel.Failure,
            ErrorCategory = passes(i) ? null : ErrorCategory.ModelCategories[0],
            FinishedAt = at.AddMinutes(i),
        });

    [Fact]
    public void Build_DropOnSharedItems_IsFlaggedByMcNemarAndAStableModelIsNot()
    {
        var builder = new RunTrendBuilder();
        // Given out of time order: the trend orders runs by their earliest finished_at, not by arrival or name.
        foreach (var record in Run("b-later", Week1.AddDays(7), "gpt-4o-mini", i => i < 10)
                     .Concat(Run("a-earlier", Week1, "gpt-4o-mini", i => i < 30))
                     .Concat(Run("a-earlier", Week1, "claude-3-5-haiku", i => i % 2 == 0))
                     .Concat(Run("b-later", Week1.AddDays(7), "claude-3-5-haiku", i => i % 2 == 0)))
        {
            builder.Add(record);
        }

        var trends = builder.Build();

        var mini = trends.Models.Single(m => m.Model == "gpt-4o-mini");
        Assert.Equal(["a-earlier", "b-later"], mini.Runs.Select(r => r.RunId));
        Assert.Equal(0.75, mini.Runs[0].SuccessRate.Rate);
        Assert.Null(mini.Runs[0].Change);
        var drop = mini.Runs[1];
        Assert.Equal(0.25, drop.SuccessRate.Rate);
        Assert.Equal(SignificanceTest.McNemarExact, drop.Change!.Test);
        Assert.Equal(40, drop.Change.Pairs);
        Assert.Equal(-0.5, drop.Change.Difference!.Value, 12);
        // 20 discordant pairs, all one way: p = 2 x 0.5^20 = 1.9073486328125e-06 (exact binomial; R: binom.test(0, 20)$p.value).
        Assert.Equal(1.9073486328125e-06, drop.Change.PValue!.Value, 15);
        Assert.True(drop.IsSignificant);

        var haiku = trends.Models.Single(m => m.Model == "claude-3-5-haiku");
        Assert.Equal(1, haiku.Runs[1].Change!.PValue);
        Assert.False(haiku.Runs[1].IsSignificant);
        // Two changes adjusted together by Benjamini-Hochberg: the smaller p doubles, the larger stays 1.
        Assert.Equal(2 * 1.9073486328125e-06, drop.AdjustedPValue!.Value, 15);
        Assert.Equal(1, haiku.Runs[1].AdjustedPValue);
    }

    [Fact]
    public void Build_RunsWithoutSharedItems_AreComparedUnpaired()
    {
        var builder = new RunTrendBuilder();
        foreach (var record in Run("week-1", Week1, "gpt-4o-mini", i => i < 30).Concat(Run("week-2", Week1.AddDays(7), "gpt-4o-mini", i => i < 50, firstItem: 40)))
        {
            builder.Add(record);
        }

        var change = builder.Build().Models.Single().Runs[1].Change!;

        Assert.False(change.IsPaired);
        Assert.Equal(0, change.Pairs);
        Assert.Equal(80, change.Unpaired);
    }

    [Fact]
    public void Build_ManyModelsAndRuns_EachChangeAsTheTwoRunsAloneGiveIt()
    {
        // Two samples an item per run, so every change is a sign-flip test; the builder runs them in parallel, and each
        // must be the one a builder of only that model's two runs computes, in its model's and run's place.
        string[] models = ["gpt-4o-mini", "claude-3-5-haiku", "Llama-3.3-70B-Instruct"];
        IEnumerable<ResultRecord> Samples(int model, int run) =>
            Run($"run-{run}", Week1.AddDays(run), models[model], i => (i * (model + 3) + run) % 5 < 3)
                .Concat(Run($"run-{run}", Week1.AddDays(run), models[model], i => (i + (run * model)) % 4 != 0));
        var builder = new RunTrendBuilder();
        for (var run = 0; run < 6; run++)
        {
            for (var model = 0; model < models.Length; model++)
            {
                foreach (var record in Samples(model, run))
                {
                    builder.Add(record);
                }
            }
        }

        var trends = builder.Build();

        Assert.Equal(models.Order(StringComparer.Ordinal), trends.Models.Select(m => m.Model).Order(StringComparer.Ordinal));
        foreach (var trend in trends.Models)
        {
            var model = Array.IndexOf(models, trend.Model);
            Assert.Equal(Enumerable.Range(0, 6).Select(r => $"run-{r}"), trend.Runs.Select(r => r.RunId));
            for (var run = 1; run < 6; run++)
            {
                var alone = new RunTrendBuilder();
                foreach (var record in Samples(model, run - 1).Concat(Samples(model, run)))
                {
                    alone.Add(record);
                }

                var expected = alone.Build().Models.Single().Runs[1].Change!;
                Assert.Equal(SignificanceTest.SignFlipPermutation, expected.Test);
                Assert.Equal(expected, trend.Runs[run].Change);
            }
        }
    }
}
