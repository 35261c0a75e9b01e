using RunnerHarness.Aggregation;
using RunnerHarness.Models.Usage;
using RunnerHarness.Schema;
using RunnerHarness.Models.Tests.Server;
using RunnerHarness.Tests;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>Model clients under real `dotnet test`: the models file checked at start, usage and infrastructure failures in records, top-up.</summary>
[Collection(ModelFixtureRuns.Name)]
public sealed class ModelClientRunTests : IDisposable
{
    private const string Batch = "FullyQualifiedName~RecordingFixture.ModelClientBatch";
    private const string Key = "sk-fixture-4d9c2e7a1b6f40389e5d";
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static string ModelsFile => Path.Combine(Path.GetDirectoryName(FixtureProjects.Recording)!, "models-unreachable.json");

    [Fact]
    public void DotnetTest_ProviderDown_RecordsProviderErrorWithUsageAndTheNextRunRunsOnlyThoseSamples()
    {
        var store = Path.Combine(_directory.Path, "store");
        var environment = new Dictionary<string, string>
        {
            ["RUNNER_HARNESS_STORE"] = store,
            ["RUNNER_HARNESS_MODELS_CONFIG"] = ModelsFile,
            ["RUNNER_HARNESS_MODEL_CACHE_DIR"] = Path.Combine(_directory.Path, "cache"),
            ["FIXTURE_MODEL_KEY"] = Key,
        };

        var run = FixtureProjects.TestRecordingAssembly(["--filter", Batch], environment);

        Assert.True(run.ExitCode != 0, run.Output);
        Assert.Contains("offline-model -> provider 'down' (openai-compatible at http://127.0.0.1:9/v1, keys from FIXTURE_MODEL_KEY", run.Output, StringComparison.Ordinal);
        Assert.Contains("sim-small -> provider 'sim' (simulated, seed 3)", run.Output, StringComparison.Ordinal);
        var records = StoreContents.Read(store, includeLiveLogs: true);
        Assert.Equal(4, records.Count);
        foreach (var simulated in records.Where(r => r.Model == "sim-small"))
        {
            Assert.Equal(("sim", TestOutcome.Passed, SuccessLevel.FullSuccess), (simulated.Provider, simulated.Outcome, simulated.SuccessLevel));
            Assert.True(simulated.InputTokens > 0 && simulated.OutputTokens > 0);
            Assert.Equal(1, simulated.Metrics![SampleUsage.RequestsMetric]);
            Assert.Equal(("sim-small", "sim-small", ResultRecord.CurrentFormatVersion), (simulated.ModelId, simulated.ResponseModel, simulated.FormatVersion));
        }

        foreach (var failed in records.Where(r => r.Model == "offline-model"))
        {
            Assert.Equal(("down", TestOutcome.Failed, ErrorCategory.ProviderError, (SuccessLevel?)null), (failed.Provider, failed.Outcome, failed.ErrorCategory, failed.SuccessLevel));
            Assert.Contains("failed after 2 attempts", failed.ErrorMessage, StringComparison.Ordinal);
            Assert.Equal(2, failed.Metrics![SampleUsage.RequestsMetric]);
            Assert.Equal(1, failed.Metrics[SampleUsage.RetriesMetric]);
            Assert.Equal(ResultClass.Infrastructure, ResultClassifier.Classify(failed));

            // Asked for, never answered: the provenance says what was requested and names no answering model.
            Assert.Equal(("Qwen/Qwen2.5-0.5B-Instruct", (string?)null), (failed.ModelId, failed.ResponseModel));
        }

        var progress = new SampleProgressTracker([RecordColumns.Model]);
        foreach (var record in records)
        {
            progress.Add(record);
        }

        Assert.Equal([("offline-model", 0, 2), ("sim-small", 2, 0)], progress.Build(target: 2).Select(c => (c.Key[0], (int)c.Held, (int)c.NotCounted)));
        // The key must reach no record, log, cache entry or report: every report format is written beside the store,
        // and every file under the test's folder is scanned.
        var cli = FixtureProjects.CliAssembly;
        File.WriteAllText(
            Path.Combine(_directory.Path, "report.console"),
            ChildProcess.Run("dotnet", [cli, "report", "--store", store], _directory.Path).Succeeded().Output);
        foreach (var format in new[] { "markdown", "html", "json", "csv" })
        {
            var output = Path.Combine(_directory.Path, $"report.{format}");
            ChildProcess.Run("dotnet", [cli, "report", "--store", store, "--format", format, "--output", output], _directory.Path).Succeeded();
        }

        Assert.DoesNotContain(Key, run.Output, StringComparison.Ordinal);
        Assert.Equal(5, Directory.GetFiles(_directory.Path, "report.*").Length);
        Assert.All(
            Directory.EnumerateFiles(_directory.Path, "*", SearchOption.AllDirectories),
            file => Assert.DoesNotContain(Key, File.ReadAllText(file), StringComparison.Ordinal));

        var again = FixtureProjects.TestRecordingAssembly(["--filter", Batch], environment);
        Assert.Contains("[RunnerHarness] plan RecordingFixture.ModelClientBatch.Ask: 2 rows to run.", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DotnetTest_RevokedKeyInPoolOfThree_NamedOnceNeverPrintedAndNoSampleFails()
    {
        const int samples = 12;
        var keys = new Dictionary<string, string>
        {
            ["FIXTURE_KEY_1"] = "sk-pool-1-6b0e2d9c4a7f41e3b8d5",
            ["FIXTURE_KEY_2"] = "sk-pool-2-1f8a3c6e9d2b47a0c5e7",
            ["FIXTURE_KEY_3"] = "sk-pool-3-8d4b7e1a0c9f42d6a3b1",
        };
        var revoked = keys["FIXTURE_KEY_2"];
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.Reply = r => r.Authorization == revoked
            ? new ServerReply(401, $$$"""{"error":{"message":"Incorrect API key provided: {{{r.Authorization}}}.","type":"invalid_request_error","code":"invalid_api_key"}}""")
            : ServerReply.Completion;
        var modelsFile = Path.Combine(_directory.Path, "runner-harness.models.json");
        File.WriteAllText(modelsFile, $$"""
            {
              "providers": {
                "sim": { "kind": "simulated", "seed": 3 },
                "pool": { "kind": "openai-compatible", "endpoint": "{{server.BaseUrl}}", "api_key_env": ["FIXTURE_KEY_1", "FIXTURE_KEY_2", "FIXTURE_KEY_3"],
                          "max_concurrency": 3, "initial_backoff_ms": 10 }
              },
              "models": { "sim-small": { "provider": "sim" }, "offline-model": { "provider": "pool", "model_id": "Qwen/Qwen2.5-0.5B-Instruct" } }
            }
            """);
        var store = Path.Combine(_directory.Path, "store");
        var environment = new Dictionary<string, string>(keys)
        {
            ["RUNNER_HARNESS_STORE"] = store,
            ["RUNNER_HARNESS_MODELS_CONFIG"] = modelsFile,
            ["RUNNER_HARNESS_MODEL_CACHE_DIR"] = Path.Combine(_directory.Path, "cache"),
            ["RUNNER_HARNESS_TARGET_SAMPLES"] = $"{samples}",
        };

        var run = await Task.Run(() => FixtureProjects.TestRecordingAssembly(["--filter", Batch], environment));

        Assert.True(run.ExitCode == 0, run.Output);
        var served = StoreContents.Read(store, includeLiveLogs: true).Where(r => r.Model == "offline-model").ToList();
        Assert.Equal(samples, served.Count);
        Assert.All(served, r => Assert.Equal((TestOutcome.Passed, (string?)null), (r.Outcome, r.ErrorCategory)));
        Assert.InRange(server.Requests.Count(r => r.Authorization == revoked), 1, 3);
        Assert.Equal(samples, server.Requests.Count(r => r.Authorization != revoked));
        Assert.Single(run.Output.Split('\n'), line => line.Contains("rejected the key from FIXTURE_KEY_2", StringComparison.Ordinal));
        Assert.All(keys.Values, key => Assert.DoesNotContain(key, run.Output, StringComparison.Ordinal));
        Assert.All(
            Directory.EnumerateFiles(_directory.Path, "*", SearchOption.AllDirectories),
            file => Assert.All(keys.Values, key => Assert.DoesNotContain(key, File.ReadAllText(file), StringComparison.Ordinal)));
    }

    [Fact]
    public void DotnetTest_KeyVariableUnset_FailsAtStartNamingItAndRunsNoSampleAndWritesNoRecord()
    {
        var store = Path.Combine(_directory.Path, "store");
        StoreSnapshot.WriteEarlierRun(store);
        var before = StoreSnapshot.Take(store);
        var environment = new Dictionary<string, string>
        {
            ["RUNNER_HARNESS_STORE"] = store,
            ["RUNNER_HARNESS_MODELS_CONFIG"] = ModelsFile,
        };

        var run = FixtureProjects.TestRecordingAssembly(["--filter", Batch], environment);

        Assert.True(run.ExitCode != 0, run.Output);
        Assert.Contains("the provider 'down' takes its key from the environment variable FIXTURE_MODEL_KEY, which is not set", run.Output, StringComparison.Ordinal);
        // A configuration that cannot serve the run is not a result of any test: the store is as it was.
        Assert.Equal(before, StoreSnapshot.Take(store));
    }

    [Fact]
    public void DotnetTest_ModelsFileLacksTheMatrixModel_ExitsNonZeroBeforeAnyRowAndLeavesTheStoreUnchanged()
    {
        var store = Path.Combine(_directory.Path, "store");
        StoreSnapshot.WriteEarlierRun(store);
        var before = StoreSnapshot.Take(store);
        var environment = new Dictionary<string, string>
        {
            ["RUNNER_HARNESS_STORE"] = store,
            ["RUNNER_HARNESS_MODELS_CONFIG"] = Path.Combine(Path.GetDirectoryName(FixtureProjects.Recording)!, "models-without-offline-model.json"),
            ["RUNNER_HARNESS_MODEL_CACHE_DIR"] = Path.Combine(_directory.Path, "cache"),
        };

        var run = FixtureProjects.TestRecordingAssembly(["--filter", Batch], environment);

        Assert.True(run.ExitCode != 0, run.Output);
        Assert.Contains("the run needs the model 'offline-model', which the file does not name (it names 'sim-small')", run.Output, StringComparison.Ordinal);
        Assert.Equal(before, StoreSnapshot.Take(store));
        Assert.False(Directory.Exists(Path.Combine(_directory.Path, "cache")), "no row ran, so no model was called");
    }

    [Theory]
    [InlineData(
        "ConcurrencyBatch",
        """{ "providers": { "gamma": { "kind": "simulated" } }, "models": { "alpha-model": { "provider": "gamma" }, "beta-model": { "provider": "gamma" } } }""",
        "puts the model 'alpha-model' on the provider 'alpha', but the models file")]
    [InlineData(
        "ModelClientBatch",
        """{ "providers": { "down": { "kind": "anthropic", "endpoint": "http://127.0.0.1:9/v1" } }, "models": { "offline-model": { "provider": "down" } } }""",
        "providers.down.kind is 'anthropic'; valid: openai-compatible, openai, azure-openai, simulated")]
    public void DotnetTest_BadProviderInTheModelsFile_ExitsNonZeroWithTheReasonAndLeavesTheStoreUnchanged(string batch, string models, string reason)
    {
        var store = Path.Combine(_directory.Path, "store");
        StoreSnapshot.WriteEarlierRun(store);
        var before = StoreSnapshot.Take(store);
        var modelsFile = Path.Combine(_directory.Path, "runner-harness.models.json");
        File.WriteAllText(modelsFile, models);
        var environment = new Dictionary<string, string>
        {
            ["RUNNER_HARNESS_STORE"] = store,
            ["RUNNER_HARNESS_MODELS_CONFIG"] = modelsFile,
        };

        var run = FixtureProjects.TestRecordingAssembly(["--filter", $"FullyQualifiedName~RecordingFixture.{batch}"], environment);

        Assert.True(run.ExitCode != 0, run.Output);
        Assert.Contains(reason, run.Output, StringComparison.Ordinal);
        Assert.Equal(before, StoreSnapshot.Take(store));
    }

    [Fact]
    public void DotnetTest_PlainTheoryCallingAnUnnamedModelOrOneWithoutItsKey_RecordsHarnessErrorsNotModelFailures()
    {
        var store = Path.Combine(_directory.Path, "store");
        var environment = new Dictionary<string, string>
        {
            ["RUNNER_HARNESS_STORE"] = store,
            ["RUNNER_HARNESS_MODELS_CONFIG"] = ModelsFile,
            ["RUNNER_HARNESS_MODEL_CACHE_DIR"] = Path.Combine(_directory.Path, "cache"),
        };

        var run = FixtureProjects.TestRecordingAssembly(["--filter", "FullyQualifiedName~RecordingFixture.PlainModelCalls"], environment);

        Assert.True(run.ExitCode != 0, run.Output);
        var records = StoreContents.Read(store, includeLiveLogs: true);
        Assert.Equal(["gpt-4o-mini", "offline-model"], records.Select(r => r.Model).Order());
        Assert.All(records, r =>
        {
            Assert.Equal((TestOutcome.Failed, ErrorCategory.HarnessError, (SuccessLevel?)null), (r.Outcome, r.ErrorCategory, r.SuccessLevel));
            Assert.Equal(ResultClass.Infrastructure, ResultClassifier.Classify(r));
        });
        Assert.Contains("'gpt-4o-mini' is not in the models file", records.Single(r => r.Model == "gpt-4o-mini").ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("FIXTURE_MODEL_KEY, which is not set", records.Single(r => r.Model == "offline-model").ErrorMessage, StringComparison.Ordinal);
    }
}
