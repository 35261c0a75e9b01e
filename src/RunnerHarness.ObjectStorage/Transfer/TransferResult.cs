namespace RunnerHarness.ObjectStorage.Transfer;

/// <summary>
/// What a copy between a local store and a URL store did: files copied, files the destination already held with the
/// same bytes, and files not copied with the reason (a destination file with different bytes, a damaged source,
/// a link or an object key outside the store's layout). Nothing listed in <see cref="Refused"/> was written.
/// </summary>
internal sealed record TransferResult(int Copied, int AlreadyPresent, IReadOnlyList<string> Refused)
{
    /// <summary>Whether every sealed file is now in the destination.</summary>
    public bool Complete => Refused.Count == 0;
}
