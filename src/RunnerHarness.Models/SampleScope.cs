using RunnerHarness.Matrix;

namespace RunnerHarness.Models;

/// <summary>
/// The matrix sample that model calls on this flow belong to. The recording framework enters it for every
/// model-batch row, so a model client can key its cache on the sample index and a simulated model can
/// play the sample's model, prompt type, difficulty and tool success rate.
/// </summary>
public static class SampleScope
{
    private static readonly AsyncLocal<MatrixSample?> CurrentSample = new();

    /// <summary>The sample of the row running on this flow, or <see langword="null"/> outside a model-batch row.</summary>
    public static MatrixSample? Current => CurrentSample.Value;

    /// <summary>Makes <paramref name="sample"/> current on this flow until the returned scope is disposed.</summary>
    public static IDisposable Enter(MatrixSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var previous = CurrentSample.Value;
        CurrentSample.Value = sample;
        return new Exit(previous);
    }

    private sealed class Exit(MatrixSample? previous) : IDisposable
    {
        public void Dispose() => CurrentSample.Value = previous;
    }
}
