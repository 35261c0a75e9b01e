using RunnerHarness.Aggregation;
using RunnerHarness.Models.Usage;
using RunnerHarness.Models.Tests.Server;
using RunnerHarness.Store;
using RunnerHarness.Store.Transcripts;
using RunnerHarness.Tests;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>A plain [Theory]/[InlineData] calling ModelClients under real `dotnet test`: usage, cost and replays in its records, its conversation and the test's note in its transcript.</summary>
[Collection(ModelFixtureRuns.Name)]
public sealed class PlainTheoryModelCallRunTests : IDisposable
{
    private const string Theory = "FullyQualifiedName~RecordingFixture.PlainModelCalls";
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task DotnetTest_PlainTheoryCallingModels_RecordsUsageCostAndTranscriptAndARerunFromTheCacheIsFlaggedAndNotCounted()
    {
        // A real provider (simulated models are never cached: they are deterministic already).
        await using var server = await OpenAICompatibleServer.StartAsync();
        var modelsFile = Path.Combine(_directory.Path, "runner-harness.models.json");
        File.WriteAllText(modelsFile, $$"""
            {
              "providers": { "local": { "kind": "openai-compatible", "endpoint": "{{server.BaseUrl}}", "initial_backoff_ms": 10 } },
              "models": {
                "gpt-4o-mini": { "provider": "local", "model_id": "Qwen/Qwen2.5-7B-Instruct", "prices": { "input_per_million": 0.15, "output_per_million": 0.6 } },
                "offline-model": { "provider": "local", "model_id": "Qwen/Qwen2.5-0.5B-Instruct", "prices": { "input_per_million": 0.5, "output_per_million": 1.5 } }
              }
            }
            """);
        var store = Path.Combine(_directory.Path, "store");
        var environment = new Dictionary<string, string>
        {
            ["RUNNER_HARNESS_STORE"] = store,
            ["RUNNER_HARNESS_MODELS_CONFIG"] = modelsFile,
            ["RUNNER_HARNESS_MODEL_CACHE"] = "read-write",
            ["RUNNER_HARNESS_MODEL_CACHE_DIR"] = Path.Combine(_directory.Path, "cache"),
        };

        var first = await Task.Run(() => FixtureProjects.TestRecordingAssembly(["--filter", Theory], environment));

        Assert.True(first.ExitCode == 0, first.Output);
        var sampled = StoreContents.Read(store, includeLiveLogs: true);
        Assert.Equal(2, sampled.Count);
        Assert.All(sampled, r =>
        {
            Assert.True(r.InputTokens > 0 && r.OutputTokens > 0, $"{r.DisplayName}: tokens {r.InputTokens}+{r.OutputTokens}");
            Assert.Equal((1d, 1d, 0d), (r.Metrics![SampleUsage.CallsMetric], r.Metrics[SampleUsage.RequestsMetric], r.Metrics[SampleUsage.CacheHitsMetric]));
            Assert.False(r.Metrics.ContainsKey(SampleUsage.ReplayedMetric));
            Assert.True(r.CostUsd > 0, $"{r.DisplayName}: cost {r.CostUsd}");
        });

        // Each sample's conversation is stored beside its record without test code, then the note the test attached.
        var transcripts = new TranscriptReader(new StoreLayout(store)).Read(sampled.Select(r => r.RecordId));
        Assert.All(sampled, r =>
        {
            var transcript = transcripts[r.RecordId];
            Assert.Equal(
                [(TranscriptRoles.User, TranscriptKinds.Model), (TranscriptRoles.Assistant, TranscriptKinds.Model), (TranscriptRoles.User, TranscriptKinds.Test)],
                transcript.Select(m => (m.Role, m.Kind)));
            Assert.Equal("Summarise the quarterly orders report in two sentences.", transcript[0].Content);
            Assert.Equal(r.Model, transcript[1].Model);
            Assert.StartsWith("reviewer note: the summary has ", transcript[2].Content, StringComparison.Ordinal);
        });

        var rerun = await Task.Run(() => FixtureProjects.TestRecordingAssembly(["--filter", Theory], environment));

        Assert.True(rerun.ExitCode == 0, rerun.Output);
        Assert.Equal(2, server.Requests.Count);
        var all = StoreContents.Read(store, includeLiveLogs: true);
        var replays = all.Where(r => sampled.All(s => s.RecordId != r.RecordId)).ToList();
        Assert.Equal(2, replays.Count);
        Assert.All(replays, r =>
        {
            Assert.Equal((1d, 0d, 1d, 1d), (r.Metrics![SampleUsage.CallsMetric], r.Metrics[SampleUsage.RequestsMetric], r.Metrics[SampleUsage.CacheHitsMetric], r.Metrics[SampleUsage.ReplayedMetric]));
            Assert.Equal(0, r.CostUsd);
            Assert.Equal(sampled.Single(s => s.DisplayName == r.DisplayName).InputTokens, r.InputTokens);
        });

        var view = new StatisticsAccumulator();
        foreach (var record in all)
        {
            view.Add(record);
        }

        var statistics = view.ToStatistics();
        Assert.Equal((4L, 2L, 2L), (statistics.Records, statistics.Total, statistics.Replayed));
        Assert.Equal(sampled.Sum(r => r.CostUsd!.Value), statistics.Cost.TotalUsd, 12);
    }
}
