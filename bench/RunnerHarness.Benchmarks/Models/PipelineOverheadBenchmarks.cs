using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using RunnerHarness.Matrix;
using RunnerHarness.Models;
using RunnerHarness.Models.Cache;
using RunnerHarness.Models.Configuration;
using RunnerHarness.Models.Simulation;
using RunnerHarness.Models.Usage;

namespace RunnerHarness.Benchmarks.Models;

/// <summary>
/// What the model pipeline costs per call: the same simulated model called directly (the baseline) and through
/// <see cref="ModelClients"/>' pipeline (key pool, adaptive concurrency limit, a machine-wide lease - three
/// transactions on the provider's lease file: grant, sent, release -, Polly retry strategy, usage counting; with and
/// without the request-rate limit). The difference is the pipeline's overhead; the cache is off.
/// </summary>
[MemoryDiagnoser]
public class PipelineOverheadBenchmarks : IDisposable
{
    private const string Model = "sim-medium";
    private readonly List<ChatMessage> _messages = [new(ChatRole.User, "Read /data/orders.csv, validate it and write the report.")];
    private readonly MatrixSample _sample = new() { Model = Model, PromptType = "optimal", Difficulty = "easy", TaskType = "data_pipeline", ToolSuccessRate = 0.8 };
    private SimulatedChatClient _direct = null!;
    private ModelRuntime _limited = null!;
    private ModelRuntime _rated = null!;
    private IChatClient _throughPipeline = null!;
    private IChatClient _throughRatedPipeline = null!;

    [GlobalSetup]
    public void Setup()
    {
        _direct = new SimulatedChatClient(Model, new SimulatedModelOptions());
        _limited = Runtime("""{ "providers": { "sim": { "kind": "simulated" } }, "models": { "sim-medium": { "provider": "sim" } } }""");
        _rated = Runtime("""{ "providers": { "sim": { "kind": "simulated" } }, "models": { "sim-medium": { "provider": "sim" } } }""", requestsPerSecond: 100_000);
        _throughPipeline = _limited.GetClient(Model);
        _throughRatedPipeline = _rated.GetClient(Model);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public Task<ChatResponse> Direct() => CallAsync(_direct);

    [Benchmark]
    public Task<ChatResponse> ThroughPipeline() => CallAsync(_throughPipeline);

    [Benchmark]
    public Task<ChatResponse> ThroughPipelineWithRateLimit() => CallAsync(_throughRatedPipeline);

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _direct?.Dispose();
            _limited?.Dispose();
            _rated?.Dispose();
        }
    }

    private async Task<ChatResponse> CallAsync(IChatClient client)
    {
        using var scope = SampleScope.Enter(_sample, new SampleUsage());
        return await client.GetResponseAsync(_messages).ConfigureAwait(false);
    }

    private static ModelRuntime Runtime(string json, int? requestsPerSecond = null)
    {
        var models = ModelsConfigurationReader.Parse(json, null, "the benchmark's models");
        var limits = new[] { new RunnerHarness.Settings.ProviderLimit("sim", 64, requestsPerSecond) };
        // A folder of the benchmark's own, so a run of real tests on the machine is not slowed by (or counted in) it.
        var folder = Path.Combine(Path.GetTempPath(), $"runner-harness-bench-limits-{Environment.UserName}-{Environment.ProcessId}");
        return ModelRuntime.Create(new ModelRunSettings(models, ResponseCacheMode.Off, Path.GetTempPath(), folder), limits);
    }
}
