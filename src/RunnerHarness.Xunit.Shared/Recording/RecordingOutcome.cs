namespace RunnerHarness.Xunit.Recording;

/// <summary>What became of one result: the failure to report in place of a pass, and a store error to report once.</summary>
/// <param name="FailInstead">When not <see langword="null"/>, a passed test must be reported failed with this exception.</param>
/// <param name="StoreError">The first store write error of the run, to report as an error message; <see langword="null"/> otherwise.</param>
internal readonly record struct RecordingOutcome(Exception? FailInstead, Exception? StoreError);
