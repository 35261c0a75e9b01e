namespace RunnerHarness.ObjectStorage.Mirroring;

/// <summary>
/// What publishing a writing command's changes of a mirror did: new sealed files uploaded (or found there with the same
/// bytes), replaced objects deleted, replaced objects already gone (another machine removed them), and the files not
/// uploaded with the reason. When any was refused nothing was deleted.
/// </summary>
internal sealed record MirrorPublishResult(int Uploaded, int Deleted, int AlreadyGone, IReadOnlyList<string> Refused);
