using System.Text.Json;
using RunnerHarness.Matrix;
using RunnerHarness.Schema;
using RunnerHarness.Tests;

namespace QaBench.Tests;

/// <summary>
/// QaBench run for real, offline (simulated models, no models file): every item x model row is recorded and graded; a
/// dataset that grows runs only its new items; an item edited under its id is reported and answered afresh; test filters,
/// test explorers' nodes and shards work per item.
/// </summary>
[Collection(QaBenchRuns.Name)]
public sealed class DatasetRunTests : IDisposable
{
    private const string Batch = "QaBench.QaBatchTests.Answer";
    private static readonly string[] Models = ["sim-small", "sim-medium", "sim-large"];
    private readonly QaBenchCopy _copy;
    private readonly TemporaryDirectory _directory = new();

    public DatasetRunTests(QaBenchCopy copy)
    {
        ArgumentNullException.ThrowIfNull(copy);
        _copy = copy;
        File.WriteAllText(_copy.Dataset, _copy.OriginalDataset);
    }

    private string Store => Path.Combine(_directory.Path, "store");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void OfflineRun_RecordsEveryItemTimesModelRow_GradedByExactMatch()
    {
        var items = MatrixDataset.Load(_copy.Dataset).Items;

        var run = _copy.Run(Store);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(items.Count * Models.Length, run.Added.Count);
        Assert.Equal(
            Models.SelectMany(m => items.Select(i => $"{m}/{i.Id}/{i.Hash}")).Order(StringComparer.Ordinal),
            run.Added.Select(r => $"{r.Model}/{r.Item}/{r.ItemHash}").Order(StringComparer.Ordinal));
        Assert.All(run.Added, r =>
        {
            Assert.Equal(TestOutcome.Passed, r.Outcome);
            Assert.Contains(r.Metrics!["exact_match"], (double[])[0, 1]);
            Assert.Equal(r.Metrics["exact_match"] == 1 ? SuccessLevel.FullSuccess : SuccessLevel.Failure, r.SuccessLevel);
            Assert.True(r.InputTokens > 0 && r.OutputTokens > 0, $"no tokens in {r.DisplayName}");
            Assert.Contains($"|item={r.Item}|item_hash={r.ItemHash}|#0", r.CaseKey, StringComparison.Ordinal);
        });

        // Some right, some wrong, and the larger model right more often: the simulation plays the models' competence.
        var accuracy = Models.Select(m => run.Added.Where(r => r.Model == m).Average(r => r.Metrics!["exact_match"])).ToList();
        Assert.True(accuracy[0] is > 0.2 and < 0.95 && accuracy[0] < accuracy[2], $"exact match by model: {string.Join(", ", accuracy)}");
        Assert.All(run.Added.Where(r => r.SuccessLevel == SuccessLevel.Failure), r => Assert.StartsWith("expected '", r.ErrorMessage, StringComparison.Ordinal));
    }

    [Fact]
    public void AppendingOneItem_NextRunExecutesExactlyThatItemsRows()
    {
        var first = _copy.Run(Store);
        Assert.Equal(120, first.Added.Count);
        File.AppendAllText(_copy.Dataset, """{"id": "geo-capital-norway", "category": "geography", "difficulty": "easy", "question": "What is the capital city of Norway?", "answer": "Oslo"}""" + "\n");

        var second = _copy.Run(Store);

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal(Models.Order(StringComparer.Ordinal), second.Added.Select(r => r.Model!).Order(StringComparer.Ordinal));
        Assert.All(second.Added, r => Assert.Equal("geo-capital-norway", r.Item));
        Assert.Contains($"[RunnerHarness] plan {Batch}: 3 rows to run.", second.Output, StringComparison.Ordinal);
        Assert.Contains("Top-up to 1 samples per cell: 3 of 123 rows to run (120 held)", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ChangingAnItemsTextUnderItsId_IsReportedInTheRunProgressAndReport_AndItsRowsRunAgain()
    {
        var first = _copy.Run(Store);
        var old = first.Added.First(r => r.Item == "geo-capital-australia").ItemHash;
        File.WriteAllText(_copy.Dataset, _copy.OriginalDataset.Replace("What is the capital city of Australia?", "Which city is the capital of Australia?", StringComparison.Ordinal));
        var now = MatrixDataset.Load(_copy.Dataset).Find("geo-capital-australia")!.Hash;

        var second = _copy.Run(Store);

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal(Models.Order(StringComparer.Ordinal), second.Added.Select(r => r.Model!).Order(StringComparer.Ordinal));
        Assert.All(second.Added, r => Assert.Equal(("geo-capital-australia", now), (r.Item, r.ItemHash)));
        Assert.Contains(
            $"1 dataset item(s) changed under the same id since they were answered: item 'geo-capital-australia' changed (stored answers to version {old}, 3 samples; now {now}). Their rows run again for the new text",
            second.Output,
            StringComparison.Ordinal);

        var progress = Cli("progress", "--matrix", Path.Combine(_copy.Project, "qa-matrix.json"), "--batch", Batch, "--target", "1", "--store", Store, "--json");
        Assert.Contains($"warning: dataset item 'geo-capital-australia' changed (stored answers to version {old}, 3 samples; now {now})", progress.Output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(progress.StandardOutput);
        var changed = Assert.Single(json.RootElement.GetProperty("changed_items").EnumerateArray());
        Assert.Equal(("geo-capital-australia", now, old), (changed.GetProperty("item").GetString(), changed.GetProperty("item_hash").GetString(), changed.GetProperty("stored_item_hashes")[0].GetString()));
        Assert.Equal(0, json.RootElement.GetProperty("to_run").GetInt32());

        var report = Cli("report", "--store", Store, "--format", "markdown");
        Assert.Contains("the dataset item 'geo-capital-australia' of QaBench#QaBench.QaBatchTests.Answer was answered in 2 versions", report.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void FilterByItemTrait_RunsOnlyThatItemsRows_AndListingShowsOneNodePerItemAndModel()
    {
        var listed = _copy.Run(Store, "--list-tests");
        Assert.Contains("Answer(sim-large | sim-cloud | math-percent |", listed.Output, StringComparison.Ordinal);
        Assert.Equal(120, listed.Output.Split('\n').Count(l => l.TrimStart().StartsWith("QaBench.QaBatchTests.Answer(", StringComparison.Ordinal)));

        var run = _copy.Run(Store, "--filter", "item=units-feet-in-mile");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(Models.Order(StringComparer.Ordinal), run.Added.Select(r => r.Model!).Order(StringComparer.Ordinal));
        Assert.All(run.Added, r => Assert.Equal("units-feet-in-mile", r.Item));
    }

    [Fact]
    public void TwoShards_SplitTheItemRowsDisjointly_AndTogetherRunEveryOne()
    {
        var first = _copy.Run(Store, new Dictionary<string, string> { ["RUNNER_HARNESS_SHARD"] = "0/2" });
        var second = _copy.Run(Store, new Dictionary<string, string> { ["RUNNER_HARNESS_SHARD"] = "1/2" });

        Assert.Equal(60, first.Added.Count);
        Assert.Equal(60, second.Added.Count);
        Assert.Empty(first.Added.Select(r => r.CaseKey).Intersect(second.Added.Select(r => r.CaseKey)));
        Assert.Equal(120, QaBenchCopy.Records(Store).Select(r => r.CaseKey).Distinct().Count());
    }

    private static ProcessResult Cli(params string[] arguments) =>
        ChildProcess.Run("dotnet", [QaBenchCopy.Cli, .. arguments], AppContext.BaseDirectory);
}
