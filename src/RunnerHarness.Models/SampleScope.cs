using RunnerHarness.Matrix;
using RunnerHarness.Models.Usage;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Models;

/// <summary>
/// The matrix sample that model calls on this flow belong to, and the usage they add to. The recording framework
/// enters it for every model-batch row, so a model client can key its cache on the sample, count the sample's
/// requests, retries and tokens, and a simulated model can play the sample's model, prompt type, difficulty and tool
/// success rate.
/// </summary>
public static class SampleScope
{
    private static readonly AsyncLocal<Entry?> CurrentEntry = new();

    /// <summary>The sample of the row running on this flow, or <see langword="null"/> outside a model-batch row.</summary>
    public static MatrixSample? Current => Entered?.Sample;

    /// <summary>The usage of the sample running on this flow, or <see langword="null"/> when nothing collects it.</summary>
    public static SampleUsage? Usage => Entered?.Usage;

    /// <summary>The transcript of the sample running on this flow, which model calls add their conversations to, or <see langword="null"/> when nothing keeps one.</summary>
    public static SampleTranscript? Transcript => Entered?.Transcript;

    /// <summary>
    /// Finds the running test's sample, usage and transcript where the test framework cannot enter a scope around the test
    /// body (xUnit v3 runs tests through runners the framework does not own, and finds the test by its own ambient
    /// context); a scope entered on the flow wins over it.
    /// </summary>
    internal static Func<(MatrixSample? Sample, SampleUsage Usage, SampleTranscript? Transcript)?>? AmbientResolver { get; set; }

    private static Entry? Entered => CurrentEntry.Value ?? (AmbientResolver?.Invoke() is var (sample, usage, transcript) ? new Entry(sample, usage, transcript) : null);

    /// <summary>
    /// Makes <paramref name="sample"/> current on this flow until the returned scope is disposed. Model calls keep adding
    /// to the usage of the enclosing scope, if any: a test that enters its own sample inside the recording framework's
    /// row scope still has its calls counted into its record.
    /// </summary>
    public static IDisposable Enter(MatrixSample sample) => Enter(sample, Usage, Transcript);

    /// <summary>Makes <paramref name="sample"/> current on this flow, with model calls adding to <paramref name="usage"/>, until the returned scope is disposed.</summary>
    public static IDisposable Enter(MatrixSample sample, SampleUsage? usage) => Enter(sample, usage, Transcript);

    /// <summary>
    /// Makes <paramref name="sample"/> current on this flow, with model calls adding to <paramref name="usage"/> and their
    /// conversations to <paramref name="transcript"/>, until the returned scope is disposed.
    /// </summary>
    public static IDisposable Enter(MatrixSample sample, SampleUsage? usage, SampleTranscript? transcript)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var previous = CurrentEntry.Value;
        CurrentEntry.Value = new Entry(sample, usage, transcript);
        return new Exit(previous);
    }

    /// <summary>
    /// Makes model calls on this flow add to <paramref name="usage"/>, with no matrix sample, until the returned scope is
    /// disposed: the recording framework enters it for every test that is not a model-batch row (a plain theory that calls
    /// <see cref="ModelClients"/> is counted like a row).
    /// </summary>
    public static IDisposable EnterUsage(SampleUsage usage) => EnterUsage(usage, Transcript);

    /// <summary>As <see cref="EnterUsage(SampleUsage)"/>, with model calls adding their conversations to <paramref name="transcript"/>.</summary>
    public static IDisposable EnterUsage(SampleUsage usage, SampleTranscript? transcript)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var previous = CurrentEntry.Value;
        CurrentEntry.Value = new Entry(null, usage, transcript);
        return new Exit(previous);
    }

    private sealed record Entry(MatrixSample? Sample, SampleUsage? Usage, SampleTranscript? Transcript);

    private sealed class Exit(Entry? previous) : IDisposable
    {
        public void Dispose() => CurrentEntry.Value = previous;
    }
}
