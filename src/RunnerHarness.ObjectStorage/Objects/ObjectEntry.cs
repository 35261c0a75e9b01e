namespace RunnerHarness.ObjectStorage.Objects;

/// <summary>
/// An object as a listing saw it: its full key, its ETag (which changes whenever the object is replaced) and its length
/// in bytes (what a mirror that does not download a data file checks that file's summary against).
/// </summary>
internal sealed record ObjectEntry(string Key, string ETag, long Length);
