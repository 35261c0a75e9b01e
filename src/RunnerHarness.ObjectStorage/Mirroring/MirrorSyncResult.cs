namespace RunnerHarness.ObjectStorage.Mirroring;

/// <summary>
/// What a sync of a mirror did: the URL store's sealed objects as listed (path relative to the store root, and ETag),
/// how many were downloaded, how many mirror files were removed because the URL store no longer lists them, and the
/// objects not copied with the reason (nothing listed there was written to the mirror).
/// </summary>
internal sealed record MirrorSyncResult(IReadOnlyDictionary<string, string> Listed, int Downloaded, int Removed, IReadOnlyList<string> Refused);
