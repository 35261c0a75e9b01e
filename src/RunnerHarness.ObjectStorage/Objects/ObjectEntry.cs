namespace RunnerHarness.ObjectStorage.Objects;

/// <summary>An object as a listing saw it: its full key and its ETag (which changes whenever the object is replaced).</summary>
internal sealed record ObjectEntry(string Key, string ETag);
