using RunnerHarness.Xunit;

namespace RecordingFixture;

/// <summary>A model batch whose matrix declares no axis: it must fail with the reason, not run zero rows.</summary>
public sealed class EmptyMatrixBatch
{
    [Theory]
    [ModelMatrix]
    public void Run(ModelCase modelCase) => ArgumentNullException.ThrowIfNull(modelCase);
}
