using RunnerHarness.Schema;
using RunnerHarness.Xunit;

namespace WorkflowBench;

/// <summary>
/// A stand-in for a model working through a tool-use workflow: a fixed function of the case, so runs are
/// reproducible. Larger models and better prompts do better, harder tasks worse. Not a model: the
/// model-clients issue replaces it with an agent loop over simulated or real chat clients.
/// </summary>
internal static class DeterministicPolicy
{
    private static readonly string[] FailureCategories =
        [ErrorCategory.ToolSelection, ErrorCategory.ParameterConfig, ErrorCategory.SequenceOrder, ErrorCategory.Dependency, ErrorCategory.MaxTurns];

    /// <summary>Plays the case and writes the outcome into <paramref name="context"/>.</summary>
    public static void Play(ModelCase modelCase, ModelTestContext context)
    {
        var noise = Noise(modelCase);
        var skill = modelCase.Model switch { "sim-large" => 0.85, "sim-medium" => 0.7, _ => 0.5 };
        var prompt = modelCase.PromptType switch { "optimal" => 0.1, "baseline" => 0.0, _ => -0.15 };
        var difficulty = modelCase.Difficulty switch { "easy" => 0.1, "medium" => 0.0, _ => -0.15 };
        var score = Math.Clamp(skill + prompt + difficulty + ((noise - 0.5) * 0.3), 0, 1);
        var requiredTools = modelCase.TaskType switch { "simple_task" => 2, "data_pipeline" => 3, "api_integration" => 4, _ => 5 };
        var executed = (int)Math.Round(requiredTools * Math.Clamp(score + 0.1, 0, 1));

        context.Turns = 2 + requiredTools - executed + (int)(noise * 4);
        context.ToolCalls = executed + (int)(noise * 2);
        context.ToolCoverageRate = (double)executed / requiredTools;
        context.WorkflowScore = Math.Round(score, 3);
        context.QualityScore = Math.Round(Math.Clamp(score - 0.05 + (noise * 0.1), 0, 1), 3);
        context.FinalScore = Math.Round((context.WorkflowScore.Value * 0.6) + (context.QualityScore.Value * 0.4), 3);
        context.AddTokens(400 + (requiredTools * 150), 120 + (context.ToolCalls.Value * 40));
        context.SuccessLevel = score switch
        {
            >= 0.8 => SuccessLevel.FullSuccess,
            >= 0.6 => SuccessLevel.PartialSuccess,
            _ => SuccessLevel.Failure,
        };

        if (context.SuccessLevel == SuccessLevel.Failure)
        {
            var category = FailureCategories[(int)(noise * FailureCategories.Length) % FailureCategories.Length];
            context.Fail(category, $"policy score {score:0.00} below 0.6 on {modelCase.TaskType}");
        }
    }

    private static double Noise(ModelCase modelCase)
    {
        // FNV-1a over the case's text: stable across processes and runtimes, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var c in modelCase.ToString())
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash / (double)uint.MaxValue;
    }
}
