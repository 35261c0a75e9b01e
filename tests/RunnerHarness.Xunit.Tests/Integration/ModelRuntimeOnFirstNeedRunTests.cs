using RunnerHarness.Models.Tests.Server;
using RunnerHarness.Tests;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>
/// The run's model runtime (provider pipelines, key pools, cache, the machine's lease folders) is built on first need,
/// under real `dotnet test`: a run that calls no model never builds it. Seen through what the runtime does when it is
/// made: a provider with a concurrency limit gets its lease folder in <c>RUNNER_HARNESS_LIMITS_DIR</c>.
/// </summary>
[Collection(ModelFixtureRuns.Name)]
public sealed class ModelRuntimeOnFirstNeedRunTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task DotnetTest_ARunThatCallsNoModel_DoesNotBuildTheModelRuntimeWhileARunThatCallsOneDoes()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        var modelsFile = Path.Combine(_directory.Path, "runner-harness.models.json");
        File.WriteAllText(modelsFile, $$"""
            {
              "providers": {
                "local-vllm": { "kind": "openai-compatible", "endpoint": "{{server.BaseUrl}}", "max_concurrency": 4, "max_retries": 0 }
              },
              "models": {
                "gpt-4o-mini": { "provider": "local-vllm", "model_id": "Qwen/Qwen2.5-7B-Instruct" },
                "gpt-4o": { "provider": "local-vllm", "model_id": "Qwen/Qwen2.5-72B-Instruct" }
              }
            }
            """);

        var noModel = await RunAsync(modelsFile, "plain", "FullyQualifiedName~RecordingFixture.FactTests.Passes");
        var withModel = await RunAsync(modelsFile, "model", "FullyQualifiedName~RecordingFixture.UnnamedModelCalls");

        Assert.True(noModel.Run.ExitCode == 0, noModel.Run.Output);
        Assert.Single(StoreContents.Read(noModel.Store, includeLiveLogs: true));
        Assert.False(
            Directory.Exists(noModel.Limits) && Directory.EnumerateFileSystemEntries(noModel.Limits).Any(),
            $"a run that called no model made lease folders in {noModel.Limits}:\n{noModel.Run.Output}");

        // The control: the same settings and a test that calls a model, so the lease folder is what the runtime makes.
        Assert.True(withModel.Run.ExitCode == 0, withModel.Run.Output);
        Assert.Equal(4, StoreContents.Read(withModel.Store, includeLiveLogs: true).Count);
        Assert.True(Directory.Exists(withModel.Limits) && Directory.EnumerateDirectories(withModel.Limits).Any(), withModel.Run.Output);
    }

    [Fact]
    public void DotnetTest_BatchAsOneTestWhoseModelRuntimeCannotBeBuilt_FailsTheBatchWithTheReasonAndRecordsNothing()
    {
        // The limits folder lies under a regular file, so the runtime's lease folder for the limited provider cannot be
        // made: a configuration error met when the batch first needs the runtime, after the run started.
        var modelsFile = Path.Combine(_directory.Path, "runner-harness.models.json");
        File.WriteAllText(modelsFile, """
            {
              "providers": {
                "sim": { "kind": "simulated", "seed": 3, "max_concurrency": 2 },
                "down": { "kind": "openai-compatible", "endpoint": "http://127.0.0.1:9/v1", "api_key_env": "FIXTURE_MODEL_KEY", "max_retries": 0 }
              },
              "models": {
                "sim-small": { "provider": "sim" },
                "offline-model": { "provider": "down", "model_id": "Qwen/Qwen2.5-0.5B-Instruct" }
              }
            }
            """);
        var notAFolder = Path.Combine(_directory.Path, "limits-file");
        File.WriteAllText(notAFolder, "a file where the limits folder's parent should be");

        var (run, store, _) = Run(
            modelsFile,
            "batch",
            "FullyQualifiedName~RecordingFixture.ModelClientBatch",
            new Dictionary<string, string>
            {
                ["RUNNER_HARNESS_LIMITS_DIR"] = Path.Combine(notAFolder, "limits"),
                ["RUNNER_HARNESS_DISCOVER_CELLS"] = "false",
                ["FIXTURE_MODEL_KEY"] = "sk-fixture",
            });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("the machine-wide limits folder", run.Output, StringComparison.Ordinal);
        Assert.Contains("Failed RecordingFixture.ModelClientBatch.Ask", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Test Run Aborted", run.Output, StringComparison.Ordinal);
        Assert.Empty(StoreContents.Read(store, includeLiveLogs: true));
    }

    private async Task<(ProcessResult Run, string Store, string Limits)> RunAsync(string modelsFile, string name, string filter) =>
        await Task.Run(() => Run(modelsFile, name, filter));

    private (ProcessResult Run, string Store, string Limits) Run(string modelsFile, string name, string filter, Dictionary<string, string>? overrides = null)
    {
        var store = Path.Combine(_directory.Path, name, "store");
        var limits = Path.Combine(_directory.Path, name, "limits");
        var environment = new Dictionary<string, string>
        {
            ["RUNNER_HARNESS_STORE"] = store,
            ["RUNNER_HARNESS_MODELS_CONFIG"] = modelsFile,
            ["RUNNER_HARNESS_MODEL_CACHE"] = "off",
            ["RUNNER_HARNESS_LIMITS_DIR"] = limits,
        };
        foreach (var (key, value) in overrides ?? [])
        {
            environment[key] = value;
        }

        var run = FixtureProjects.TestRecordingAssembly(["--filter", filter], environment);
        return (run, store, limits);
    }
}
