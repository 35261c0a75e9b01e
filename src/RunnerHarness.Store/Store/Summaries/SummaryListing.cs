namespace RunnerHarness.Store.Summaries;

/// <summary>
/// Finds the summary of a sealed file, listing each summary folder once per reader (a folder may hold tens of
/// thousands of summaries, and a listing per file would cost their square).
/// </summary>
internal sealed class SummaryListing(StoreLayout layout)
{
    private readonly Dictionary<string, string[]> _listings = new(StringComparer.Ordinal);

    /// <summary>Forgets the listings, for a reader that lists <c>data/</c> again.</summary>
    public void Clear() => _listings.Clear();

    /// <summary>The summary of the sealed file <paramref name="dataFile"/>, or <see langword="null"/> when it has none.</summary>
    public string? Find(string dataFile)
    {
        var directory = SegmentSummaryFile.DirectoryFor(layout, Path.GetDirectoryName(dataFile)!);
        if (!_listings.TryGetValue(directory, out var listing))
        {
            listing = Directory.Exists(directory) ? [.. Directory.EnumerateFiles(directory, "*" + SegmentSummaryFile.Extension)] : [];
            _listings.Add(directory, listing);
        }

        var stem = Path.GetFileName(dataFile);
        return listing.FirstOrDefault(s => SegmentChecksum.IsNameOf(Path.GetFileName(s), stem, SegmentSummaryFile.Extension));
    }
}
