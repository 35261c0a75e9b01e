using RunnerHarness.Matrix;
using RunnerHarness.Schema;

namespace RunnerHarness.Planning;

/// <summary>
/// Finds the dataset items whose content changed under the same id: held samples of a planned cell that differ from it
/// only in <c>item_hash</c>. Keys are compared with their <c>item_hash</c> part taken out (<see cref="CaseKey.Without"/>),
/// so only cells of the planned rows (same batch, model, other axes and item id) are looked at.
/// </summary>
internal sealed class ItemVersions
{
    // Planned cell without its item_hash -> the item's id and current hash; empty for a batch without a dataset.
    private readonly Dictionary<string, (string Item, string Hash)> _planned = new(StringComparer.Ordinal);

    // Item id -> older hash -> its held samples (cell key and sample), distinct: a sample may be held in several files.
    private readonly SortedDictionary<string, SortedDictionary<string, HashSet<(string Cell, int Sample)>>> _stored = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _currentHash = new(StringComparer.Ordinal);

    /// <summary>Notes the planned <paramref name="rows"/>, each of its cell in <paramref name="planned"/>.</summary>
    public ItemVersions(IReadOnlyList<MatrixSample> rows, PlannedSamples planned)
    {
        // A cell's key without its item_hash is found once a cell, not once a sample.
        var versionless = new string?[planned.CellKeys.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i] is { Item: { } item, ItemHash: { } hash })
            {
                var cell = planned.CellOf(i);
                if (versionless[cell] is null)
                {
                    var (key, _) = CaseKey.Without(planned.CellKeys[cell], RecordColumns.ItemHash);
                    versionless[cell] = key;
                    _planned.TryAdd(key, (item, hash));
                }

                _currentHash[item] = hash;
            }
        }
    }

    /// <summary>Notes the held samples of a file's summary that are older versions of a planned cell's item.</summary>
    public void Observe(IReadOnlyDictionary<string, int[]> heldSamples, IReadOnlyList<string> heldKeys)
    {
        if (_planned.Count == 0)
        {
            return;
        }

        foreach (var (cell, samples) in heldSamples)
        {
            Observe(cell, samples);
        }

        foreach (var key in heldKeys)
        {
            Observe(CaseKey.CellOf(key), [-1]);
        }
    }

    /// <summary>The changed items, by id.</summary>
    public IReadOnlyList<ChangedItem> Changed() =>
        [.. _stored.Select(p => new ChangedItem(p.Key, _currentHash[p.Key], [.. p.Value.Keys], p.Value.Values.Sum(s => s.Count)))];

    private void Observe(string cell, int[] samples)
    {
        var (versionless, hash) = CaseKey.Without(cell, RecordColumns.ItemHash);
        if (hash is not null && _planned.TryGetValue(versionless, out var planned) && !string.Equals(hash, planned.Hash, StringComparison.Ordinal))
        {
            if (!_stored.TryGetValue(planned.Item, out var versions))
            {
                _stored[planned.Item] = versions = new(StringComparer.Ordinal);
            }

            if (!versions.TryGetValue(hash, out var held))
            {
                versions[hash] = held = [];
            }

            foreach (var sample in samples)
            {
                held.Add((cell, sample));
            }
        }
    }
}
