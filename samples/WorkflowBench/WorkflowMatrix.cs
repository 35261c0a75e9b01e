using RunnerHarness.Xunit;

namespace WorkflowBench;

/// <summary>The batch's matrix: models x prompt types x difficulties x task types x samples, one row per sample.</summary>
public static class WorkflowMatrix
{
    /// <summary>The simulated models; a later issue replaces them with RunnerHarness.Models clients.</summary>
    public static IReadOnlyList<string> Models { get; } = ["sim-small", "sim-medium", "sim-large"];

    /// <summary>The prompt types, as in the seed harness.</summary>
    public static IReadOnlyList<string> PromptTypes { get; } = ["baseline", "optimal", "flawed_sequence_disorder"];

    /// <summary>The difficulties.</summary>
    public static IReadOnlyList<string> Difficulties { get; } = ["easy", "medium", "hard"];

    /// <summary>The task types.</summary>
    public static IReadOnlyList<string> TaskTypes { get; } = ["simple_task", "data_pipeline", "api_integration", "multi_stage_pipeline"];

    /// <summary>Samples per matrix cell.</summary>
    public const int SamplesPerCell = 2;

    /// <summary>Every row: 3 x 3 x 3 x 4 cells x 2 samples = 216 rows.</summary>
    public static TheoryData<ModelCase> Rows()
    {
        var rows = new TheoryData<ModelCase>();
        foreach (var model in Models)
        {
            foreach (var promptType in PromptTypes)
            {
                foreach (var difficulty in Difficulties)
                {
                    foreach (var taskType in TaskTypes)
                    {
                        for (var sample = 0; sample < SamplesPerCell; sample++)
                        {
                            rows.Add(new ModelCase(model, promptType, difficulty, taskType, sample) { ToolSuccessRate = 0.8 });
                        }
                    }
                }
            }
        }

        return rows;
    }
}
