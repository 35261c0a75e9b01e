using System.Collections.Concurrent;
using System.Globalization;
using RunnerHarness.Models.Tests.Server;
using RunnerHarness.Schema;
using RunnerHarness.Tests;
using Xunit.Abstractions;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>
/// Two `dotnet test` commands started independently (two studies side by side on one machine) calling one provider
/// through the same models file and limits folder: the server counts what reaches it.
/// </summary>
[Collection(ModelFixtureRuns.Name)]
public sealed class ConcurrentDotnetTestLimitTests(ITestOutputHelper output) : IDisposable
{
    private const int MaxConcurrency = 2;
    private const int PerSecond = 3;
    private const int SamplesEach = 6;
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task TwoDotnetTestProcesses_CallingOneProvider_StayWithinItsConcurrencyAndRateInEveryWindow()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();

        // Each process sends its own key, so the server tells them apart. The first request of each is held until the
        // other process has sent one too: the two runs overlap by construction, whatever their start-up times.
        string[] keys = ["sk-study-a-5c1e9f2d7b4a4e08", "sk-study-b-0a7d3e6c9f1b42d5"];
        var callers = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var bothCalling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.BeforeAnswer = request =>
        {
            if (!callers.TryAdd(request.Authorization!, true))
            {
                return Task.CompletedTask;
            }

            if (callers.Count == keys.Length)
            {
                bothCalling.TrySetResult();
            }

            return bothCalling.Task;
        };
        var modelsFile = Path.Combine(_directory.Path, "runner-harness.models.json");
        File.WriteAllText(modelsFile, string.Create(CultureInfo.InvariantCulture, $$"""
            {
              "providers": {
                "sim": { "kind": "simulated", "seed": 3 },
                "local-vllm": { "kind": "openai-compatible", "endpoint": "{{server.BaseUrl}}", "api_key_env": "FIXTURE_MODEL_KEY",
                                "max_concurrency": {{MaxConcurrency}}, "requests_per_second": {{PerSecond}}, "max_retries": 0 }
              },
              "models": { "sim-small": { "provider": "sim" }, "offline-model": { "provider": "local-vllm", "model_id": "Qwen/Qwen2.5-7B-Instruct" } }
            }
            """));
        var limits = Path.Combine(_directory.Path, "limits");
        var runs = keys.Select((key, i) =>
        {
            var environment = new Dictionary<string, string>
            {
                ["RUNNER_HARNESS_STORE"] = Path.Combine(_directory.Path, $"store-{i}"),
                ["RUNNER_HARNESS_MODELS_CONFIG"] = modelsFile,
                ["RUNNER_HARNESS_MODELS"] = "offline-model",
                ["RUNNER_HARNESS_TARGET_SAMPLES"] = SamplesEach.ToString(CultureInfo.InvariantCulture),
                ["RUNNER_HARNESS_MODEL_CACHE"] = "off",
                ["RUNNER_HARNESS_LIMITS_DIR"] = limits,
                ["FIXTURE_MODEL_KEY"] = key,
            };
            return Task.Run(() => FixtureProjects.TestRecordingAssembly(["--filter", "FullyQualifiedName~RecordingFixture.ModelClientBatch"], environment));
        }).ToList();
        var finished = await Task.WhenAll(runs);

        Assert.All(finished, run => Assert.True(run.ExitCode == 0, run.Output));
        for (var i = 0; i < keys.Length; i++)
        {
            var records = StoreContents.Read(Path.Combine(_directory.Path, $"store-{i}"), includeLiveLogs: true);
            Assert.Equal(SamplesEach, records.Count(r => r.Model == "offline-model" && r.Outcome == TestOutcome.Passed && r.ErrorCategory is null));
            Assert.Equal(SamplesEach, server.Requests.Count(r => r.Authorization == keys[i]));
        }

        var arrivals = server.Requests.Select(r => r.ArrivedAt).Order().ToList();
        var window = server.SecondLessStalls;
        var (most, from) = server.MostArrivalsWithin(window);
        var span = arrivals[^1] - arrivals[0];
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{arrivals.Count} requests from 2 dotnet test processes in {span.TotalSeconds:F3} s ({(arrivals.Count - 1) / span.TotalSeconds:F2} requests/s): " +
            $"at most {most} in any {window.TotalSeconds:F3} s window (one second less the server's worst stall; limit {PerSecond}), at most {server.MaxInFlight} in flight (limit {MaxConcurrency})"));

        // The held first request of one process was in flight when the other's arrived: at least 2 at once, and no more.
        Assert.Equal(MaxConcurrency, server.MaxInFlight);
        Assert.True(most <= PerSecond, string.Create(CultureInfo.InvariantCulture, $"{most} requests arrived within {window.TotalSeconds:F3} s from {from.TotalSeconds:F3} s (limit {PerSecond}/s)"));
    }
}
