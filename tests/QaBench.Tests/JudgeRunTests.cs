using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.Transcripts;
using RunnerHarness.Tests;
using RunnerHarness.Transcripts;

namespace QaBench.Tests;

/// <summary>
/// QaBench's judge, run for real offline: every model record of both store formats carries the reference-answer judge's
/// metrics and names the judge, the judge's conversation is in the transcript marked as such, and the judge's calls do not
/// pass for the model under test.
/// </summary>
[Collection(QaBenchRuns.Name)]
public sealed class JudgeRunTests : IDisposable
{
    private readonly QaBenchCopy _copy;
    private readonly TemporaryDirectory _directory = new();

    public JudgeRunTests(QaBenchCopy copy)
    {
        ArgumentNullException.ThrowIfNull(copy);
        _copy = copy;
        File.WriteAllText(_copy.Dataset, _copy.OriginalDataset);
    }

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("json")]
    [InlineData("parquet")]
    public void OfflineRun_EveryModelRecord_CarriesTheJudgesMetricsAndNamesTheJudge(string format)
    {
        var store = Path.Combine(_directory.Path, format);

        var run = _copy.Run(store, new Dictionary<string, string> { ["STORAGE_FORMAT"] = format });

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(120, run.Added.Count);
        Assert.All(run.Added, r =>
        {
            Assert.Contains(r.Metrics!["correctness"], (double[])[1, 2, 3, 4, 5]);
            Assert.Equal(r.Metrics["correctness"] >= 4 ? 1 : 0, r.Metrics["correct"]);
            Assert.Equal(1 - r.Metrics["correct"], r.Metrics["correctness.failed"]);
            Assert.Equal(1 - r.Metrics["correct"], r.Metrics["correct.failed"]);
            Assert.Equal("sim-judge", r.Dimensions!["judge_model"]);
            Assert.Equal("sim-judge", r.Dimensions["judge_model_id"]);
            Assert.Contains(r.Dimensions["correctness.rating"], (string[])["exceptional", "good", "average", "poor", "unacceptable"]);
            Assert.StartsWith("The response ", r.Dimensions["correctness.reason"], StringComparison.Ordinal);

            // The record stays the model under test's: the judge is named beside it, never in its place.
            Assert.Equal($"{r.Model},sim-judge", r.Dimensions["models_called"]);
            Assert.Equal(r.Model, r.ModelId);
        });

        // The judge is kinder than exact match (an answer inside a sentence or in other case still gets 4 or 5), yet it
        // disagrees with it mostly there: where exact match accepts, the judge nearly always does too.
        var matched = run.Added.Where(r => r.Metrics!["exact_match"] == 1).ToList();
        Assert.True(matched.Average(r => r.Metrics!["correctness"]) > 4.7, $"judge on exact matches: {matched.Average(r => r.Metrics!["correctness"])}");
        Assert.True(run.Added.Average(r => r.Metrics!["correct"]) >= run.Added.Average(r => r.Metrics!["exact_match"]) - 0.05);

        // The judge's conversation is kept beside the model's, marked as the judge's.
        var transcripts = new TranscriptReader(new StoreLayout(store)).Read(run.Added.Select(r => r.RecordId));
        Assert.All(run.Added, r =>
        {
            var transcript = transcripts[r.RecordId];
            var judged = transcript.Where(m => m.Kind == TranscriptKinds.Judge).ToList();
            Assert.Equal([TranscriptRoles.System, TranscriptRoles.User, TranscriptRoles.Assistant], judged.Select(m => m.Role));
            Assert.All(judged, m => Assert.Equal("sim-judge", m.Model));
            Assert.StartsWith("SCORE: ", judged[2].Content, StringComparison.Ordinal);
            Assert.DoesNotContain(transcript, m => m.Kind == TranscriptKinds.Model && m.Model == "sim-judge");
        });
    }
}
