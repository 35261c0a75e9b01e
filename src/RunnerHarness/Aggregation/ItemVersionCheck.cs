using System.Globalization;
using RunnerHarness.Schema;

namespace RunnerHarness.Aggregation;

/// <summary>
/// Finds the dataset items a set of records answered in more than one version: records of one batch (assembly, test class
/// and method) with the same <c>item</c> and different <c>item_hash</c>, left by a dataset edited under the same ids.
/// Their samples are apart (the hash is in the case key), but a report grouped by <c>item</c> or by model counts both
/// versions together, so <c>report</c> and <c>progress</c> name them.
/// </summary>
public sealed class ItemVersionCheck
{
    // Batch and item -> hash -> records.
    private readonly SortedDictionary<(string Batch, string Item), SortedDictionary<string, long>> _versions = new();

    /// <summary>The columns <see cref="Add"/> reads.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        [RecordColumns.Assembly, RecordColumns.TestClass, RecordColumns.TestMethod, RecordColumns.Item, RecordColumns.ItemHash];

    /// <summary>Notes the item version of <paramref name="record"/>, if it answered a dataset item.</summary>
    public void Add(ResultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record is not { Item: { } item, ItemHash: { } hash })
        {
            return;
        }

        var batch = $"{(string.IsNullOrEmpty(record.Assembly) ? "" : record.Assembly + "#")}{record.TestClass}.{record.TestMethod}";
        if (!_versions.TryGetValue((batch, item), out var hashes))
        {
            _versions[(batch, item)] = hashes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        }

        hashes[hash] = hashes.GetValueOrDefault(hash) + 1;
    }

    /// <summary>
    /// One sentence per item answered in more than one version, e.g. <c>the dataset item 'q07' of Bench#Qa.Run was answered
    /// in 2 versions (1a2b3c4d5e6f: 4 records, 9f8e7d6c5b4a: 4 records) ...</c>; empty when every item has one.
    /// </summary>
    public IReadOnlyList<string> Notes() =>
    [
        .. _versions.Where(p => p.Value.Count > 1).Select(p => string.Create(
            CultureInfo.InvariantCulture,
            $"the dataset item '{p.Key.Item}' of {p.Key.Batch} was answered in {p.Value.Count} versions ({string.Join(", ", p.Value.Select(v => $"{v.Key}: {v.Value} records"))}): its text changed under the same id; groups that hold it mix answers to different texts (filter or group by item_hash to keep them apart)."))
    ];
}
