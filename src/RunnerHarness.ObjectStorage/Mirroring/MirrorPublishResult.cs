namespace RunnerHarness.ObjectStorage.Mirroring;

/// <summary>
/// What publishing a writing command's changes of a mirror did: new sealed files uploaded (or found there with the same
/// bytes) and kept, replaced objects deleted, replaced objects already gone (another machine removed them), uploaded
/// objects deleted again as another machine's merged objects hold all their records (<see cref="RedundantOutputs"/>), and
/// the files not uploaded with the reason. When any was refused nothing was deleted.
/// </summary>
internal sealed record MirrorPublishResult(int Uploaded, int Deleted, int AlreadyGone, int Redundant, IReadOnlyList<string> Refused);
