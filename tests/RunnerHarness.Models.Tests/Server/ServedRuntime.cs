using RunnerHarness.Models.Cache;
using RunnerHarness.Models.Configuration;

namespace RunnerHarness.Models.Tests.Server;

/// <summary>Builds a <see cref="ModelRuntime"/> whose one provider, <c>local</c>, is a <see cref="OpenAICompatibleServer"/>.</summary>
internal static class ServedRuntime
{
    /// <summary>The model the runtimes serve, as the matrix names it.</summary>
    public const string Model = "qwen2.5-7b-instruct";

    /// <summary>Its model id on the server.</summary>
    public const string ModelId = "Qwen/Qwen2.5-7B-Instruct";

    /// <summary>The machine-wide limits folder of the tests: each server's port makes its provider's own lease file in it.</summary>
    public static string LimitsDirectory { get; } = Path.Combine(Path.GetTempPath(), $"runner-harness-tests-limits-{Environment.UserName}");

    /// <summary>
    /// A runtime of one <c>openai-compatible</c> provider at <paramref name="server"/>; <paramref name="providerSettings"/>
    /// are extra JSON members of the provider (and <paramref name="layers"/> the caller's own client layers) (e.g. <c>"max_retries": 2</c>), <paramref name="modelSettings"/> of the model (e.g. its <c>"prices"</c>), <paramref name="keys"/> the key variables and values.
    /// Backoff starts at 10 ms so tests wait for what they test, not for defaults. <paramref name="time"/> is the
    /// pipeline's clock (default: the system's); <paramref name="notices"/> receives the runtime's notices (default: standard error).
    /// </summary>
    public static ModelRuntime Create(
        OpenAICompatibleServer server,
        string providerSettings = "",
        IReadOnlyDictionary<string, string>? keys = null,
        ResponseCacheMode cacheMode = ResponseCacheMode.Off,
        string? cacheDirectory = null,
        TimeProvider? time = null,
        Action<string>? notices = null,
        string? limitsDirectory = null,
        string modelSettings = "",
        IReadOnlyList<Func<Microsoft.Extensions.AI.IChatClient, string, Microsoft.Extensions.AI.IChatClient>>? layers = null)
    {
        var keyList = keys is null || keys.Count == 0 ? "" : $"\"api_key_env\": [{string.Join(", ", keys.Keys.Select(k => $"\"{k}\""))}],";
        var json = $$"""
            {
              // A local vLLM-style server.
              "providers": {
                "local": { "kind": "openai-compatible", "endpoint": "{{server.BaseUrl}}", {{keyList}}
                           "initial_backoff_ms": 10, "max_backoff_seconds": 0.1{{(providerSettings.Length > 0 ? ", " + providerSettings : "")}} }
              },
              "models": { "{{Model}}": { "provider": "local", "model_id": "{{ModelId}}"{{(modelSettings.Length > 0 ? ", " + modelSettings : "")}} } }
            }
            """;
        var models = ModelsConfigurationReader.Parse(json, "/tmp/runner-harness.models.json", "the test's models file");
        var settings = new ModelRunSettings(
            models,
            cacheMode,
            cacheDirectory ?? Path.Combine(Path.GetTempPath(), "runner-harness-tests", "unused-cache"),
            limitsDirectory ?? LimitsDirectory);
        return ModelRuntime.Create(settings, getVariable: name => keys?.GetValueOrDefault(name), time: time, notices: notices, layers: layers);
    }
}
