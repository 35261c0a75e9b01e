using System.Globalization;
using RunnerHarness.Schema;
using RunnerHarness.Store;

namespace RunnerHarness.Packaging.Tests;

/// <summary>
/// One <c>[ModelMatrix]</c> batch (<see cref="GenerationConsumers.BatchSource"/>) run from the packed packages under xUnit v2,
/// xUnit v3 under VSTest and xUnit v3 under Microsoft.Testing.Platform: the same cells, case keys, records and model usage,
/// top-up, and test filters on the cells' traits.
/// </summary>
[Collection(GenerationPackages.Name)]
public sealed class GenerationMatrixTests(GenerationConsumers consumers)
{
    private const int BatchRows = 8;

    [Fact]
    public void ModelMatrix_SameBatchUnderV2AndV3_WritesTheSameCaseKeysAndRecordsAndASecondRunOfEitherTopsUpNothing()
    {
        var firstRuns = new List<List<string>>();
        foreach (var (name, project) in Projects())
        {
            var store = Store($"matrix-{name}");
            var first = Run(project, ["--filter", $"FullyQualifiedName~{GenerationConsumers.BatchClass}"], store);
            Assert.True(first.ExitCode == 0, first.Output);
            var records = Records(store);
            Assert.Equal(BatchRows + 1, records.Count);
            firstRuns.Add(Facts(records));

            var second = Run(project, ["--filter", $"FullyQualifiedName~{GenerationConsumers.BatchClass}"], store);
            Assert.True(second.ExitCode == 0, second.Output);
            var rows = Records(store).Where(r => r.TestMethod == "Summarise").ToList();
            Assert.Equal(BatchRows, rows.Count);
            Assert.Equal(BatchRows, rows.Select(r => r.CaseKey).Distinct(StringComparer.Ordinal).Count());
        }

        // v2's records first: v3 under each runner wrote the same case keys, models, outcomes, scores and model usage.
        Assert.Contains(firstRuns[0], f => f.StartsWith("EvalBatch#EvalBatch.SummaryBatch.Summarise|model=sim-large|difficulty=hard|#1 | ", StringComparison.Ordinal));
        Assert.Equal(firstRuns[0], firstRuns[1]);
        Assert.Equal(firstRuns[0], firstRuns[2]);

        // The keys are the same, so a study v2 filled is complete for v3: moving a project to v3 runs no sample again.
        var v2Store = Store("matrix-v2");
        var v3OnV2Store = Run(consumers.V3Mtp, ["--filter", $"FullyQualifiedName~{GenerationConsumers.BatchClass}"], v2Store);
        Assert.True(v3OnV2Store.ExitCode == 0, v3OnV2Store.Output);
        Assert.Equal(BatchRows, Records(v2Store).Count(r => r.TestMethod == "Summarise"));
    }

    [Fact]
    public void DotnetTestFilter_ModelTrait_RunsThatModelsCellsUnderV2AndV3()
    {
        // xUnit v3 under MTP takes the VSTest filter syntax (--filter) as well as its own trait filter (--filter-trait).
        (string Name, string Project, string[] Filter)[] runs =
        [
            ("v2", consumers.V2, ["--filter", "model=sim-large"]),
            ("v3-vstest", consumers.V3VSTest, ["--filter", "model=sim-large"]),
            ("v3-mtp", consumers.V3Mtp, ["--filter", "model=sim-large"]),
            ("v3-mtp-filter-trait", consumers.V3Mtp, ["--filter-trait", "model=sim-large"]),
        ];
        var byProject = new List<List<string>>();
        foreach (var (name, project, filter) in runs)
        {
            var store = Store($"filter-{name}");
            var run = Run(project, filter, store);

            Assert.True(run.ExitCode == 0, run.Output);
            var records = Records(store);
            Assert.Equal(4, records.Count);
            Assert.All(records, r => Assert.Equal(("Summarise", "sim-large"), (r.TestMethod, r.Model)));
            byProject.Add([.. records.Select(r => r.CaseKey!).Order(StringComparer.Ordinal)]);
        }

        Assert.All(byProject, keys => Assert.Equal(byProject[0], keys));
    }

    [Fact]
    public void DotnetTestListTests_ModelBatch_ListsOneNodePerCellUnderV3AsUnderV2()
    {
        foreach (var (_, project) in Projects())
        {
            var list = GenerationConsumers.Test(project, ["--list-tests"]);

            Assert.True(list.ExitCode == 0, list.Output);
            var listed = list.Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith($"{GenerationConsumers.BatchClass}.Summarise", StringComparison.Ordinal)).ToList();
            Assert.Equal(GenerationConsumers.BatchCells.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        }
    }

    private IEnumerable<(string Name, string Project)> Projects() => [("v2", consumers.V2), ("v3-vstest", consumers.V3VSTest), ("v3-mtp", consumers.V3Mtp)];

    private string Store(string name) => Path.Combine(consumers.Feed.Root, "stores", name);

    private static ProcessResult Run(string project, IEnumerable<string> arguments, string store) =>
        GenerationConsumers.Test(project, arguments, new Dictionary<string, string> { ["RUNNER_HARNESS_STORE"] = store });

    private static List<ResultRecord> Records(string store) => [.. new StoreReader(new StoreLayout(store)).Read()];

    // What must not depend on the generation or runner; latencies and times do.
    private static List<string> Facts(List<ResultRecord> records) =>
        [.. records
            .Select(r => string.Join(
                " | ",
                r.CaseKey,
                r.TestClass,
                r.TestMethod,
                r.Outcome,
                r.Model,
                r.Provider,
                r.Difficulty,
                r.SampleIndex?.ToString(CultureInfo.InvariantCulture),
                r.QualityScore?.ToString(CultureInfo.InvariantCulture),
                r.InputTokens?.ToString(CultureInfo.InvariantCulture),
                r.OutputTokens?.ToString(CultureInfo.InvariantCulture),
                r.Metrics?.GetValueOrDefault("model_calls").ToString(CultureInfo.InvariantCulture),
                r.Traits is null ? "" : string.Join(";", r.Traits.Select(t => $"{t.Key}={t.Value}"))))
            .Order(StringComparer.Ordinal)];
}
