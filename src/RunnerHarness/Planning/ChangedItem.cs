namespace RunnerHarness.Planning;

/// <summary>
/// A dataset item whose content changed under the same <c>id</c> since the store's results for it were recorded: the
/// planned rows are of the new version (<paramref name="CurrentHash"/>) and run; the results of the older versions stay
/// in the store under their own case keys and hold none of the new version's rows.
/// </summary>
/// <param name="Item">The item's id.</param>
/// <param name="CurrentHash">The version the dataset has now (<c>item_hash</c> of the planned rows).</param>
/// <param name="StoredHashes">The other versions the store holds results of, for the planned cells, in ordinal order.</param>
/// <param name="StoredSamples">How many samples of the planned cells those results hold.</param>
internal sealed record ChangedItem(string Item, string CurrentHash, IReadOnlyList<string> StoredHashes, int StoredSamples)
{
    /// <summary>A sentence for the run's output, e.g. <c>item 'q07' changed (stored answers to version 1a2b3c4d5e6f, 4 samples; now 9f8e7d6c5b4a)</c>.</summary>
    public override string ToString() =>
        $"item '{Item}' changed (stored answers to version{(StoredHashes.Count == 1 ? "" : "s")} {string.Join(", ", StoredHashes)}, {StoredSamples} sample{(StoredSamples == 1 ? "" : "s")}; now {CurrentHash})";
}
