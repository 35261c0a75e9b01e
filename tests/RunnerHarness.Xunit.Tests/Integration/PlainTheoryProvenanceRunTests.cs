using RunnerHarness.Models.Tests.Server;
using RunnerHarness.Models.Usage;
using RunnerHarness.Schema;
using RunnerHarness.Tests;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>Plain theories whose arguments name no model, under real `dotnet test`: the record says which model answered, or refuses to guess.</summary>
[Collection(ModelFixtureRuns.Name)]
public sealed class PlainTheoryProvenanceRunTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task DotnetTest_PlainTheoryWithoutAModelArgument_RecordsTheOneModelItCalledAndRefusesToGuessBetweenTwo()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        var modelsFile = Path.Combine(_directory.Path, "runner-harness.models.json");
        File.WriteAllText(modelsFile, $$"""
            {
              "providers": {
                "local-vllm": { "kind": "openai-compatible", "endpoint": "{{server.BaseUrl}}", "max_retries": 0 },
                "judge-vllm": { "kind": "openai-compatible", "endpoint": "{{server.BaseUrl}}", "max_retries": 0 }
              },
              "models": {
                "gpt-4o-mini": { "provider": "local-vllm", "model_id": "Qwen/Qwen2.5-7B-Instruct" },
                "gpt-4o": { "provider": "judge-vllm", "model_id": "Qwen/Qwen2.5-72B-Instruct" }
              }
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

        var run = await Task.Run(() => FixtureProjects.TestRecordingAssembly(["--filter", "FullyQualifiedName~RecordingFixture.UnnamedModelCalls"], environment));

        Assert.True(run.ExitCode == 0, run.Output);
        var records = StoreContents.Read(store, includeLiveLogs: true);
        Assert.Equal(4, records.Count);

        // One model called: it is the model under test, with its provider, id, answering model and call settings.
        var single = records.Where(r => r.TestMethod == "Summarise").ToList();
        Assert.Equal(2, single.Count);
        Assert.All(single, r =>
        {
            Assert.Equal(
                ("gpt-4o-mini", "local-vllm", "Qwen/Qwen2.5-7B-Instruct", "Qwen/Qwen2.5-7B-Instruct"),
                (r.Model, r.Provider, r.ModelId, r.ResponseModel));
            Assert.Equal("openai-compatible", r.Dimensions!["provider_kind"]);
            Assert.False(r.Dimensions.ContainsKey(SampleUsage.ModelsCalledDimension));
        });

        // Two models and nothing says which is under test: no model is recorded, and the record names both.
        var unnamed = records.Single(r => r.TestMethod == "SummariseAndJudge");
        Assert.Equal(((string?)null, (string?)null, (string?)null, (string?)null), (unnamed.Model, unnamed.Provider, unnamed.ModelId, unnamed.ResponseModel));
        Assert.Equal("gpt-4o-mini,gpt-4o", unnamed.Dimensions![SampleUsage.ModelsCalledDimension]);
        Assert.Equal(2, unnamed.Metrics![SampleUsage.CallsMetric]);

        // The test named its model: the judge's calls do not set its provenance, and the record still names both.
        var named = records.Single(r => r.TestMethod == "SummariseAndJudgeNamingTheModel");
        Assert.Equal(
            ("gpt-4o-mini", "local-vllm", "Qwen/Qwen2.5-7B-Instruct", "Qwen/Qwen2.5-7B-Instruct"),
            (named.Model, named.Provider, named.ModelId, named.ResponseModel));
        Assert.Equal("gpt-4o-mini,gpt-4o", named.Dimensions![SampleUsage.ModelsCalledDimension]);
        Assert.All(records, r => Assert.Equal((TestOutcome.Passed, (string?)null), (r.Outcome, r.ErrorCategory)));
    }
}
