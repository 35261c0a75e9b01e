using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Tests;

namespace WorkflowBench.Tests;

/// <summary>
/// The sample's default run, offline, as a user runs it (`dotnet test samples/WorkflowBench`, simulated models, no
/// models file, no key), checked once for everything the benchmark must show.
/// </summary>
public sealed class DefaultRunTests : IClassFixture<DefaultRunTests.Run>
{
    private static readonly string[] DifficultyOrder = ["very_easy", "easy", "medium", "hard", "very_hard"];
    private static readonly string[] ModelOrder = ["sim-small", "sim-medium", "sim-large"];
    private readonly ProcessResult _run;
    private readonly IReadOnlyList<ResultRecord> _records;

    public DefaultRunTests(Run run)
    {
        ArgumentNullException.ThrowIfNull(run);
        _run = run.Result;
        _records = run.Records;
    }

    [Fact]
    public void DefaultRun_Offline_PassesAndRecordsEverySampleOfTheMatrix()
    {
        Assert.True(_run.ExitCode == 0, _run.Output);
        Assert.Equal(450, _records.Count);
        var cells = _records.GroupBy(r => (r.Model, r.PromptType, r.Difficulty, r.TaskType, r.ToolSuccessRate)).ToList();
        Assert.Equal(225, cells.Count);
        Assert.All(cells, cell => Assert.Equal([0, 1], cell.Select(r => r.SampleIndex!.Value).Order()));
        Assert.All(_records, r => Assert.Equal(TestOutcome.Passed, r.Outcome));
    }

    [Fact]
    public void DefaultRun_EveryRecord_CarriesTurnsToolCallsTokensAndScores()
    {
        Assert.All(_records, r =>
        {
            Assert.InRange(r.Turns!.Value, 1, 10);
            Assert.NotNull(r.ToolCalls);
            Assert.True(r.InputTokens > 0 && r.OutputTokens > 0, $"no tokens in {r.DisplayName}");
            Assert.NotNull(r.WorkflowScore);
            Assert.NotNull(r.Phase2Score);
            Assert.NotNull(r.ToolCoverageRate);
            Assert.NotNull(r.SuccessLevel);
        });
        Assert.True(_records.Average(r => r.ToolCalls!.Value) >= 2, "the models hardly call tools");
    }

    [Fact]
    public void DefaultRun_SuccessByDifficulty_FallsFromVeryEasyToVeryHard()
    {
        var scores = DifficultyOrder.Select(d => WeightedSuccess(_records.Where(r => r.Difficulty == d))).ToList();

        for (var i = 1; i < scores.Count; i++)
        {
            Assert.True(scores[i] <= scores[i - 1], $"weighted success by difficulty does not fall: {string.Join(", ", scores)}");
        }

        Assert.True(scores[0] - scores[^1] >= 0.2, $"very_easy {scores[0]:0.000} vs very_hard {scores[^1]:0.000}");
    }

    [Fact]
    public void DefaultRun_SuccessByModel_RisesFromSmallToLarge()
    {
        var scores = ModelOrder.Select(m => WeightedSuccess(_records.Where(r => r.Model == m))).ToList();

        Assert.True(scores[0] + 0.1 <= scores[1] && scores[1] + 0.1 <= scores[2], $"weighted success by model: {string.Join(", ", scores)}");
    }

    [Fact]
    public void DefaultRun_Failures_FallIntoSeveralSeedErrorCategories()
    {
        var categories = _records.Where(r => r.ErrorCategory is not null).Select(r => r.ErrorCategory!).Distinct().ToList();

        Assert.All(categories, c => Assert.Contains(c, ErrorCategory.ModelCategories));
        Assert.True(categories.Count >= 5, $"only {string.Join(", ", categories)}");
        Assert.All(_records.Where(r => r.SuccessLevel != SuccessLevel.FullSuccess), r => Assert.NotNull(r.ErrorMessage));
    }

    // The seed's weighted success score: (full + 0.5 x partial) / total.
    private static double WeightedSuccess(IEnumerable<ResultRecord> records)
    {
        var list = records.ToList();
        Assert.NotEmpty(list);
        return list.Sum(r => r.SuccessLevel == SuccessLevel.FullSuccess ? 1.0 : r.SuccessLevel == SuccessLevel.PartialSuccess ? 0.5 : 0) / list.Count;
    }

    /// <summary>The one default run the tests of this class read.</summary>
    public sealed class Run : IDisposable
    {
        private readonly TemporaryDirectory _directory = new();

        public Run()
        {
            var run = SampleStoreRun.Start(Path.Combine(_directory.Path, "store"));
            Result = run.Process;
            Records = run.Records;
        }

        /// <summary>The `dotnet test samples/WorkflowBench` process, into a store of its own.</summary>
        public ProcessResult Result { get; }

        /// <summary>The records it left in its store.</summary>
        public IReadOnlyList<ResultRecord> Records { get; }

        public void Dispose() => _directory.Dispose();
    }
}
