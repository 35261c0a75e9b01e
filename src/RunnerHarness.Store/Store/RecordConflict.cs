namespace RunnerHarness.Store;

/// <summary>A record id found in two files with different content.</summary>
/// <param name="RecordId">The id.</param>
/// <param name="FirstFile">The index of the file holding the copy that counted when the other was met.</param>
/// <param name="FirstDigest">The hash of that copy, every column (<see cref="CopyPrecedence.Digest"/>), to find it again in its file.</param>
/// <param name="LaterFile">The index of the file with the other copy.</param>
/// <param name="LaterContent">The other copy's <see cref="RecordContent.Digest"/>: equal to the first copy's when the two are one result stored twice.</param>
/// <param name="LaterRunId">The other copy's <c>run_id</c>.</param>
internal sealed record RecordConflict(string RecordId, int FirstFile, UInt128 FirstDigest, int LaterFile, UInt128 LaterContent, string? LaterRunId);
