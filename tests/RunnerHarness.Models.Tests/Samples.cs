using RunnerHarness.Matrix;
using RunnerHarness.Models.Tests.Server;

namespace RunnerHarness.Models.Tests;

/// <summary>Matrix samples as a model batch plays them.</summary>
internal static class Samples
{
    public static MatrixSample Of(int sampleIndex, string difficulty = "easy") => new()
    {
        Model = ServedRuntime.Model,
        Provider = "local",
        PromptType = "optimal",
        Difficulty = difficulty,
        TaskType = "data_pipeline",
        ToolSuccessRate = 0.8,
        SampleIndex = sampleIndex,
    };
}
