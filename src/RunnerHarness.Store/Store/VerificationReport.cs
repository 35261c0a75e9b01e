namespace RunnerHarness.Store;

/// <summary>What <see cref="StoreVerifier"/> found. Nothing was changed or deleted to find it.</summary>
/// <param name="FilesChecked">Files under <c>data/</c> read.</param>
/// <param name="Records">Records read, duplicates included.</param>
/// <param name="DistinctRecords">Distinct record ids.</param>
/// <param name="Problems">Every problem found.</param>
internal sealed record VerificationReport(int FilesChecked, long Records, long DistinctRecords, IReadOnlyList<StoreProblem> Problems)
{
    /// <summary>Transcript files (under <c>transcripts/</c>) proven against their checksums and decoded.</summary>
    public int TranscriptFilesChecked { get; init; }

    /// <summary>Whether no problem was found.</summary>
    public bool IsClean => Problems.Count == 0;
}
