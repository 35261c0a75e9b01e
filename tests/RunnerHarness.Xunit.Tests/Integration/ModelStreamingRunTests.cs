using System.Globalization;
using RunnerHarness.Models.Tests.Server;
using RunnerHarness.Models.Usage;
using RunnerHarness.Schema;
using RunnerHarness.Tests;
using Xunit.Abstractions;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>A model batch streaming from a local OpenAI-compatible server under real `dotnet test`: the stored records carry the stream's timings.</summary>
[Collection(ModelFixtureRuns.Name)]
public sealed class ModelStreamingRunTests(ITestOutputHelper output) : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task DotnetTest_ModelBatchStreamingFromALocalServer_StoresTimeToFirstTokenAndOutputTokensPerSecond()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();

        // The model takes 300 ms to its first token: a lower bound of what the client can measure, however busy the machine.
        server.FirstChunkLatency = TimeSpan.FromMilliseconds(300);
        var modelsFile = Path.Combine(_directory.Path, "runner-harness.models.json");
        File.WriteAllText(modelsFile, $$"""
            {
              "providers": { "local-vllm": { "kind": "openai-compatible", "endpoint": "{{server.BaseUrl}}", "max_retries": 0 } },
              "models": { "qwen2.5-7b": { "provider": "local-vllm", "model_id": "Qwen/Qwen2.5-7B-Instruct" } }
            }
            """);
        var store = Path.Combine(_directory.Path, "store");
        var environment = new Dictionary<string, string>
        {
            ["RUNNER_HARNESS_STORE"] = store,
            ["RUNNER_HARNESS_MODELS_CONFIG"] = modelsFile,
            ["RUNNER_HARNESS_MODEL_CACHE"] = "off",
            ["RUNNER_HARNESS_LIMITS_DIR"] = Path.Combine(_directory.Path, "limits"),
        };

        var run = await Task.Run(() => FixtureProjects.TestRecordingAssembly(["--filter", "FullyQualifiedName~RecordingFixture.StreamingModelBatch"], environment));

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.True(r.Stream, $"request {r.Number} was not sent with \"stream\": true"));
        var gaps = server.Requests.Select(r => server.FirstChunkAfterArrival(r.Number) ?? throw new InvalidOperationException($"request {r.Number} got no chunk")).ToList();
        var records = StoreContents.Read(store, includeLiveLogs: true);
        Assert.Equal(2, records.Count);
        foreach (var record in records)
        {
            var metrics = record.Metrics!;
            var timeToFirstToken = metrics[SampleUsage.TimeToFirstTokenMetric];
            var tokensPerSecond = metrics[SampleUsage.OutputTokensPerSecondMetric];
            var latency = metrics[SampleUsage.LatencyMetric];
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{record.DisplayName}: time to first token {timeToFirstToken} ms (server's gap before its first chunk {gaps.Min().TotalMilliseconds:F1} ms), {tokensPerSecond} output tokens/s, call {latency} ms, {record.OutputTokens} output tokens"));
            Assert.Equal((TestOutcome.Passed, "Qwen/Qwen2.5-7B-Instruct", "local-vllm"), (record.Outcome, record.ModelId, record.Provider));

            // The request left before it arrived and its first chunk was read after it was written: at least the server's gap.
            Assert.InRange(timeToFirstToken, gaps.Min().TotalMilliseconds, latency);

            // Generation (first content to last update) is part of the call: the rate is at least the tokens over the whole call.
            Assert.Equal(12L, record.OutputTokens);
            Assert.True(tokensPerSecond >= record.OutputTokens!.Value / (latency / 1000), $"{tokensPerSecond} tokens/s is below {record.OutputTokens} tokens over the {latency} ms call");
        }
    }
}
