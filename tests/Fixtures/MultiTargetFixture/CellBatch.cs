using RunnerHarness.Xunit;

namespace MultiTargetFixture;

/// <summary>A 2x2 model batch, 2 samples per cell: 8 rows, so shards and top-up can be counted.</summary>
public sealed class CellBatch
{
    [Theory]
    [ModelMatrix(Models = ["model-a", "model-b"], Difficulties = ["easy", "hard"], SamplesPerCell = 2)]
    public void Run(ModelCase modelCase)
    {
        ArgumentNullException.ThrowIfNull(modelCase);
        ModelTestContext.Current.Turns = modelCase.SampleIndex;
    }
}
