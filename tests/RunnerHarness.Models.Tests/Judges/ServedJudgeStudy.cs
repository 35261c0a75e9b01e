using Microsoft.Extensions.AI;
using RunnerHarness.Models.Cache;
using RunnerHarness.Models.Configuration;
using RunnerHarness.Models.Tests.Server;

namespace RunnerHarness.Models.Tests.Judges;

/// <summary>
/// A runtime whose model under test (<see cref="ServedRuntime.Model"/>) and two judges (<see cref="FirstJudge"/>,
/// <see cref="SecondJudge"/>) are all served by one <see cref="OpenAICompatibleServer"/>, with the response cache in
/// <paramref name="cacheDirectory"/>.
/// </summary>
internal static class ServedJudgeStudy
{
    public const string FirstJudge = "judge-a";
    public const string FirstJudgeId = "Qwen/Qwen2.5-72B-Instruct";
    public const string SecondJudge = "judge-b";
    public const string SecondJudgeId = "meta-llama/Llama-3.3-70B-Instruct";

    public static ModelRuntime Create(OpenAICompatibleServer server, ResponseCacheMode cacheMode, string cacheDirectory)
    {
        var json = $$"""
            {
              "providers": { "local": { "kind": "openai-compatible", "endpoint": "{{server.BaseUrl}}", "initial_backoff_ms": 10, "max_backoff_seconds": 0.1 } },
              "models": {
                "{{ServedRuntime.Model}}": { "provider": "local", "model_id": "{{ServedRuntime.ModelId}}" },
                "{{FirstJudge}}": { "provider": "local", "model_id": "{{FirstJudgeId}}" },
                "{{SecondJudge}}": { "provider": "local", "model_id": "{{SecondJudgeId}}" }
              }
            }
            """;
        var models = ModelsConfigurationReader.Parse(json, "/tmp/runner-harness.models.json", "the test's models file");
        return ModelRuntime.Create(new ModelRunSettings(models, cacheMode, cacheDirectory, ServedRuntime.LimitsDirectory), getVariable: _ => null);
    }

    /// <summary>The question of sample <paramref name="index"/>, as the batch asks it.</summary>
    public static List<ChatMessage> Question(int index) =>
    [
        new(ChatRole.System, "Answer the question with the answer alone."),
        new(ChatRole.User, $"What is the capital city of Australia? (item {index})"),
    ];
}
