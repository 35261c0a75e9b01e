namespace RunnerHarness.Aggregation;

/// <summary>The paired items of a comparison, per cell and pooled; built by <see cref="PairedSamplesBuilder"/>.</summary>
internal sealed class PairedSamples
{
    private readonly Dictionary<string?[], ItemPairs> _cells;

    internal PairedSamples(Dictionary<string?[], ItemPairs> cells, ItemPairs overall) => (_cells, Overall) = (cells, overall);

    /// <summary>All items of all cells (an item in several cells is averaged over them).</summary>
    public ItemPairs Overall { get; }

    /// <summary>The pairs of the cell with <paramref name="key"/>, or <see langword="null"/> when neither side has a result there.</summary>
    public ItemPairs? Of(IReadOnlyList<string?> key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _cells.GetValueOrDefault([.. key]);
    }
}
