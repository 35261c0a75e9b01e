using RunnerHarness.Transcripts;

namespace RunnerHarness.Models.Transcripts;

/// <summary>
/// Marks the model calls made on this flow as being of a kind other than the model under test: a judge grading the
/// sample wraps its calls in <c>using (TranscriptScope.As(TranscriptKinds.Judge)) { ... }</c>, and the sample's transcript
/// keeps them apart (kind <c>judge</c>), so <c>runner-harness show</c> and queries can tell the two conversations apart.
/// </summary>
public static class TranscriptScope
{
    private static readonly AsyncLocal<string?> CurrentKind = new();

    /// <summary>The kind calls on this flow are captured as: <c>model</c> unless a scope says otherwise.</summary>
    public static string Kind => CurrentKind.Value ?? TranscriptKinds.Model;

    /// <summary>Captures the calls made on this flow as <paramref name="kind"/> until the returned scope is disposed.</summary>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is not one of <see cref="TranscriptKinds"/> a call can be (<c>model</c>, <c>judge</c>).</exception>
    public static IDisposable As(string kind)
    {
        if (kind is not (TranscriptKinds.Model or TranscriptKinds.Judge))
        {
            throw new ArgumentException($"'{kind}' is not a kind of model call; use '{TranscriptKinds.Model}' or '{TranscriptKinds.Judge}'.", nameof(kind));
        }

        var previous = CurrentKind.Value;
        CurrentKind.Value = kind;
        return new Restore(previous);
    }

    private sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => CurrentKind.Value = previous;
    }
}
