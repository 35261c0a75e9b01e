using RunnerHarness.Models.Cache;
using RunnerHarness.Models.Configuration;
using RunnerHarness.Settings;
using RunnerHarness.Tests;

namespace RunnerHarness.Models.Tests.Configuration;

public sealed class ModelsConfigurationTests
{
    private const string TwoProviders = """
        {
          "providers": {
            "deepseek": { "kind": "openai-compatible", "endpoint": "https://api.deepseek.com/v1",
                          "api_key_env": ["DEEPSEEK_KEY_1", "DEEPSEEK_KEY_2"], "max_concurrency": 8, "requests_per_second": 10 },
            "azure": { "kind": "azure-openai", "endpoint": "https://contoso-eval.openai.azure.com", "api_key_env": "AZURE_OPENAI_KEY" },
            "sim": { "kind": "simulated", "seed": 7 },
          },
          "models": {
            "deepseek-chat": { "provider": "deepseek" },
            "gpt-4o-mini": { "provider": "azure", "model_id": "gpt-4o-mini-2024-07-18" },
            "sim-small": { "provider": "sim" }
          }
        }
        """;

    [Fact]
    public void Parse_FullFile_ReadsEveryValueAndDefaults()
    {
        var models = ModelsConfigurationReader.Parse(TwoProviders, "/src/bench/runner-harness.models.json", "the file");

        var deepseek = models.Providers["deepseek"];
        Assert.Equal(ProviderKind.OpenAICompatible, deepseek.Kind);
        Assert.Equal(["DEEPSEEK_KEY_1", "DEEPSEEK_KEY_2"], deepseek.ApiKeyVariables);
        Assert.Equal(8, deepseek.MaxConcurrency);
        Assert.Equal(10, deepseek.RequestsPerSecond);
        Assert.Equal(ProviderDefinition.DefaultMaxRetries, deepseek.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(60), deepseek.RetryAfterCap);
        Assert.Equal(10, deepseek.BreakerFailures);
        Assert.Equal(TimeSpan.FromSeconds(30), deepseek.BreakerCoolDown);
        Assert.Equal(ProviderDefinition.DefaultMaxConcurrency, models.Providers["azure"].MaxConcurrency);
        Assert.Null(models.Providers["azure"].RequestsPerSecond);
        Assert.Equal(7, models.Providers["sim"].Seed);
        Assert.Equal("deepseek-chat", models.Resolve("deepseek-chat").ModelId);
        Assert.Equal("gpt-4o-mini-2024-07-18", models.Resolve("gpt-4o-mini").ModelId);
        Assert.Equal(new Uri("https://contoso-eval.openai.azure.com/openai/v1/"), Models.Pipeline.OpenAIChatClients.EndpointOf(models.Providers["azure"]));
    }

    [Theory]
    [InlineData("""{ "providers": { "p": { "kind": "anthropic" } }, "models": { "m": { "provider": "p" } } }""", "providers.p.kind is 'anthropic'; valid: openai-compatible, openai, azure-openai, simulated")]
    [InlineData("""{ "providers": { "p": { "kind": "openai-compatible", "endpoint": "http://127.0.0.1:8080/v1", "max_concurrency": 0 } }, "models": { "m": { "provider": "p" } } }""", "providers.p.max_concurrency is 0; valid: a whole number from 1 to 10000")]
    [InlineData("""{ "providers": { "p": { "kind": "openai-compatible" } }, "models": { "m": { "provider": "p" } } }""", "providers.p.endpoint is missing")]
    [InlineData("""{ "providers": { "p": { "kind": "openai", "api_key_env": "sk-proj-abc123" } }, "models": { "m": { "provider": "p" } } }""", "never the key itself")]
    [InlineData("""{ "providers": { "p": { "kind": "openai", "api_key_env": "OPENAI_API_KEY", "max_conccurency": 4 } }, "models": { "m": { "provider": "p" } } }""", "providers.p has the unknown key \"max_conccurency\"")]
    [InlineData("""{ "providers": { "p": { "kind": "simulated" } }, "models": { "m": { "provider": "q" } } }""", "models.m.provider is 'q', which is not under \"providers\"")]
    [InlineData("""{ "providers": { "p": { "kind": "openai" } }, "models": { "m": { "provider": "p" } } }""", "providers.p.api_key_env is missing")]
    [InlineData("""{ "providers": { "p": { "kind": "openai-compatible", "endpoint": "http://127.0.0.1:8080/v1", "breaker_failures": 2.5 } }, "models": { "m": { "provider": "p" } } }""", "providers.p.breaker_failures is 2.5; valid: a whole number from 0 to 10000")]
    [InlineData("""{ "providers": { "p": { "kind": "openai-compatible", "endpoint": "http://127.0.0.1:8080/v1", "breaker_cooldown_seconds": 0 } }, "models": { "m": { "provider": "p" } } }""", "providers.p.breaker_cooldown_seconds is 0; valid: a number from 0.001 to 86400")]
    [InlineData("""{ "providers": { "p": { "kind": "simulated" } }, "models": { "gpt-4o": { "provider": "p", "prices": { "input_per_million": -2.5, "output_per_million": 10 } } } }""", "models.gpt-4o.prices.input_per_million is -2.5; valid: a number from 0 to 10000")]
    [InlineData("""{ "providers": { "p": { "kind": "simulated" } }, "models": { "gpt-4o": { "provider": "p", "prices": { "input_per_million": 2.5 } } } }""", "models.gpt-4o.prices.output_per_million is missing")]
    [InlineData("""{ "providers": { "p": { "kind": "simulated" } }, "models": { "gpt-4o": { "provider": "p", "prices": { "input_per_million": 2.5, "output_per_million": 10, "cache_input_per_million": 1.25 } } } }""", "models.gpt-4o.prices has the unknown key \"cache_input_per_million\"; valid keys: input_per_million, cached_input_per_million, output_per_million")]
    [InlineData("""{ "providers": { "p": { "kind": "simulated" } }, "models": { "gpt-4o": { "provider": "p", "prices": { "input_per_million": "2.50", "output_per_million": 10 } } } }""", "models.gpt-4o.prices.input_per_million is \"2.50\"; valid: a number from 0 to 10000")]
    [InlineData("""{ "providers": { "p": { "kind": "simulated" } }, "models": { "gpt-4o": { "provider": "p", "prices": 2.5 } } }""", "models.gpt-4o.prices is 2.5; valid: an object with")]
    public void Parse_BadFile_NamesTheEntryAndWhatIsValid(string json, string expected)
    {
        var error = Assert.Throws<ModelsConfigurationException>(() => ModelsConfigurationReader.Parse(json, "/src/runner-harness.models.json", "/src/runner-harness.models.json (from the test)"));

        Assert.Contains("/src/runner-harness.models.json (from the test) is invalid", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-proj-abc123", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Prices_ReadsThemAndCachedInputDefaultsToTheInputPrice()
    {
        var models = ModelsConfigurationReader.Parse(
            """
            {
              "providers": { "sim": { "kind": "simulated" } },
              "models": {
                "gpt-4o": { "provider": "sim", "prices": { "input_per_million": 2.5, "cached_input_per_million": 1.25, "output_per_million": 10 } },
                "gpt-4o-mini": { "provider": "sim", "prices": { "input_per_million": 0.15, "output_per_million": 0.6 } },
                "llama-3.1-8b": { "provider": "sim" }
              }
            }
            """,
            "/src/runner-harness.models.json",
            "the test");

        Assert.Equal(new Models.Pricing.ModelPrices(2.5, 1.25, 10), models.Resolve("gpt-4o").Prices);
        Assert.Equal(new Models.Pricing.ModelPrices(0.15, 0.15, 0.6), models.Resolve("gpt-4o-mini").Prices);
        Assert.Null(models.Resolve("llama-3.1-8b").Prices);
    }

    [Fact]
    public void CheckReady_UnsetKeyVariableAndUnnamedModel_FailsNamingBoth()
    {
        var models = ModelsConfigurationReader.Parse(TwoProviders, "/src/bench/runner-harness.models.json", "the file");
        var environment = new Dictionary<string, string> { ["DEEPSEEK_KEY_1"] = "sk-5b7e2c0d9a1f4e38", ["AZURE_OPENAI_KEY"] = "3f9a0c7e5d2b41a6" };

        var error = Assert.Throws<ModelsConfigurationException>(() => models.CheckReady(["deepseek-chat", "qwen-max", "gpt-4o-mini"], environment.GetValueOrDefault));

        Assert.Contains("the model 'qwen-max', which the file does not name", error.Message, StringComparison.Ordinal);
        Assert.Contains("the environment variable DEEPSEEK_KEY_2, which is not set", error.Message, StringComparison.Ordinal);
        Assert.All(environment.Values, key => Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void CheckReady_EveryKeySetAndModelNamed_Passes()
    {
        var models = ModelsConfigurationReader.Parse(TwoProviders, "/src/bench/runner-harness.models.json", "the file");
        var environment = new Dictionary<string, string> { ["DEEPSEEK_KEY_1"] = "a", ["DEEPSEEK_KEY_2"] = "b", ["AZURE_OPENAI_KEY"] = "c" };

        models.CheckReady(["deepseek-chat", "gpt-4o-mini", "sim-small"], environment.GetValueOrDefault);
    }

    [Fact]
    public void Resolve_NoFileAnywhere_EveryModelRunsSimulatedAndTheDescriptionSaysSo()
    {
        using var project = new TemporaryDirectory();
        var settings = new HarnessOptions().Build(project.Path);

        var run = ModelRunSettings.Resolve(settings, project.Path);

        Assert.True(run.Models.IsBuiltInSimulation);
        Assert.Equal(ModelsConfiguration.SimulatedProviderName, run.Models.Resolve("gpt-4o-mini").Provider);
        Assert.Contains("runs simulated", Assert.Single(run.Models.Describe(["gpt-4o-mini"])), StringComparison.Ordinal);
        Assert.Equal(ResponseCacheMode.ReadWrite, run.CacheMode);
        Assert.Equal(Path.Combine(project.Path, ModelRunSettings.DefaultCacheDirectoryName), run.CacheDirectory);
    }

    [Fact]
    public void Resolve_DefaultFileBesideTheProject_IsRead()
    {
        using var project = new TemporaryDirectory();
        File.WriteAllText(Path.Combine(project.Path, ModelRunSettings.DefaultModelsFileName), TwoProviders);

        var run = ModelRunSettings.Resolve(new HarnessOptions().Build(project.Path), project.Path);

        Assert.Equal(Path.Combine(project.Path, ModelRunSettings.DefaultModelsFileName), run.Models.SourcePath);
        Assert.Contains("beside the test project", run.Models.SourceDescription, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_FileFromRunSettingsAndCacheFromMSBuild_ResolvesAgainstTheProject()
    {
        using var project = new TemporaryDirectory();
        Directory.CreateDirectory(Path.Combine(project.Path, "config"));
        File.WriteAllText(Path.Combine(project.Path, "config", "models.json"), TwoProviders);
        var settings = new HarnessOptions()
            .AddRunSettingsParameters(new Dictionary<string, string> { ["ModelsConfig"] = "config/models.json" })
            .AddMSBuildProperties(new Dictionary<string, string> { ["RunnerHarnessModelCache"] = "offline" })
            .Build(project.Path);

        var run = ModelRunSettings.Resolve(settings, project.Path);

        Assert.Equal(Path.Combine(project.Path, "config", "models.json"), run.Models.SourcePath);
        Assert.Contains("runsettings parameter ModelsConfig", run.Models.SourceDescription, StringComparison.Ordinal);
        Assert.Equal(ResponseCacheMode.Offline, run.CacheMode);
    }

    [Theory]
    [InlineData("RUNNER_HARNESS_MODELS_CONFIG", "missing.json", "names the models file 'missing.json', which does not exist")]
    [InlineData("RUNNER_HARNESS_MODEL_CACHE", "sometimes", "has the invalid value 'sometimes'. Valid values: off, read-write, read-only, offline")]
    public void Resolve_BadSetting_NamesTheVariableAndTheValue(string variable, string value, string expected)
    {
        using var project = new TemporaryDirectory();
        var settings = new HarnessOptions().AddEnvironment(name => name == variable ? value : null).Build(project.Path);

        var error = Assert.Throws<ModelsConfigurationException>(() => ModelRunSettings.Resolve(settings, project.Path));

        Assert.Contains($"environment variable {variable}", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
