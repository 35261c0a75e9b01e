namespace RunnerHarness.Store;

/// <summary>A record id found in two files with different content.</summary>
/// <param name="RecordId">The id.</param>
/// <param name="FirstFile">The index of the file holding the copy that counted when the other was met.</param>
/// <param name="LaterFile">The index of the file with the other copy.</param>
internal sealed record RecordConflict(string RecordId, int FirstFile, int LaterFile);
