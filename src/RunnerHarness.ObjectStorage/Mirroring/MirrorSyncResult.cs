namespace RunnerHarness.ObjectStorage.Mirroring;

/// <summary>
/// What a sync of a mirror did: the URL store's sealed objects as listed (path relative to the store root, and ETag) and
/// their lengths, how many were downloaded (and how many of those were data files), how many mirror files were removed
/// because the URL store no longer lists them, and the objects not copied with the reason (nothing listed there was
/// written to the mirror).
/// </summary>
internal sealed record MirrorSyncResult(
    IReadOnlyDictionary<string, string> Listed,
    IReadOnlyDictionary<string, long> Lengths,
    int Downloaded,
    int DataDownloaded,
    int Removed,
    IReadOnlyList<string> Refused);
