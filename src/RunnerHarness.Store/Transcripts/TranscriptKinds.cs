namespace RunnerHarness.Transcripts;

/// <summary>
/// Where a transcript message came from. A sample's transcript holds its conversations with the models under test
/// (<see cref="Model"/>), with judges (<see cref="Judge"/>), what the test attached itself (<see cref="Test"/>), and, when
/// the cap cut it, one closing <see cref="Truncation"/> marker.
/// </summary>
public static class TranscriptKinds
{
    /// <summary>A call to a model through <c>ModelClients</c>, captured without test code (the default).</summary>
    public const string Model = "model";

    /// <summary>A call to a judge model grading the sample: captured the same way, marked so reports and readers can tell it from the model under test.</summary>
    public const string Judge = "judge";

    /// <summary>A message the test attached itself (<c>ModelTestContext.AddToTranscript</c>).</summary>
    public const string Test = "test";

    /// <summary>The marker a transcript ends with when the per-sample cap cut it: says how much was not kept.</summary>
    public const string Truncation = "truncation";

    /// <summary>Whether <paramref name="kind"/> is one of the kinds above.</summary>
    public static bool IsKnown(string? kind) => kind is Model or Judge or Test or Truncation;
}
