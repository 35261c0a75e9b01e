using System.Globalization;
using RunnerHarness.Models.Tests.Server;
using RunnerHarness.Tests;
using Xunit.Abstractions;

namespace RunnerHarness.Cli.Tests.Commands;

/// <summary>
/// `run --shards 3` for real against a local OpenAI-compatible server: the shards are separate test hosts calling one
/// provider, and the server counts what reaches it. The fixture is built with <see cref="RunCommandTests"/>' projects
/// (<see cref="RunProjects"/>), so `run` takes <c>--no-build</c>: what `run` builds is that class's claim.
/// </summary>
[Collection(TimedAtTheServer.Name)]
public sealed class RunProviderLimitTests(RunProjects projects, ITestOutputHelper output) : IClassFixture<RunProjects>
{
    [Fact]
    public async Task Run_ThreeShardsCallingOneProvider_StayWithinItsConcurrencyAndRateInEveryWindow()
    {
        const int maxConcurrency = 2;
        const int perSecond = 3;
        const int samples = 9;
        await using var server = await OpenAICompatibleServer.StartAsync();

        // Held until 2 requests are in flight at once: shards that each applied the limit alone would show 6. Each shard
        // sends one request at a time, and the rate lets the next one go a third of a second after the last: answered
        // sooner, a wave would be gone before a third request could come, whatever the concurrency limit. So each is
        // answered two rate slots after its wave was let through: a limit above 2 shows 3 in flight.
        server.HoldUntilConcurrent(concurrent: maxConcurrency, total: samples);
        server.AnswerLatency = TimeSpan.FromSeconds(2.0 / perSecond);
        using var cli = new CliRun([]);
        var models = Path.Combine(cli.Directory, "runner-harness.models.json");
        File.WriteAllText(models, string.Create(CultureInfo.InvariantCulture, $$"""
            {
              "providers": { "local-vllm": { "kind": "openai-compatible", "endpoint": "{{server.BaseUrl}}", "max_concurrency": {{maxConcurrency}}, "requests_per_second": {{perSecond}}, "max_retries": 0 } },
              "models": { "offline-model": { "provider": "local-vllm", "model_id": "Qwen/Qwen2.5-7B-Instruct" } }
            }
            """));
        cli.Environment["RUNNER_HARNESS_MODELS_CONFIG"] = models;
        cli.Environment["RUNNER_HARNESS_MODEL_CACHE"] = "off";
        cli.Environment["RUNNER_HARNESS_LIMITS_DIR"] = Path.Combine(cli.Directory, "limits");

        var (code, text, error) = await Task.Run(() => cli.Run(
            "run", projects.RecordingFixture, "--shards", "3", "--no-build", "--store", cli.Store, "--model", "offline-model", "--target-samples", samples.ToString(CultureInfo.InvariantCulture),
            "--", "--filter", "FullyQualifiedName~RecordingFixture.ModelClientBatch"));

        Assert.True(code == ExitCodes.Success, $"exit {code}\n{text}\n{error}");
        var arrivals = server.Requests.Select(r => r.ArrivedAt).Order().ToList();
        Assert.Equal(samples, arrivals.Count);
        var window = server.SecondLessStalls;
        var (most, from) = server.MostArrivalsWithin(window);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{arrivals.Count} requests from 3 shards, first to last arrival {(arrivals[^1] - arrivals[0]).TotalSeconds:F3} s: " +
            $"at most {most} in any {window.TotalSeconds:F3} s window (one second less the server's worst stall; limit {perSecond}), at most {server.MaxInFlight} in flight (limit {maxConcurrency})"));
        Assert.Equal(maxConcurrency, server.MaxInFlight);
        Assert.True(most <= perSecond, string.Create(CultureInfo.InvariantCulture, $"{most} requests arrived within {window.TotalSeconds:F3} s from {from.TotalSeconds:F3} s (limit {perSecond}/s)"));
    }
}
