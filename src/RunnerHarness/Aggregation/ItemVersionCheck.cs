using System.Globalization;
using RunnerHarness.Schema;
using RunnerHarness.Store.Parquet;

namespace RunnerHarness.Aggregation;

/// <summary>
/// Finds the dataset items a set of records answered in more than one version: records of one batch (assembly, test class
/// and method) with the same <c>item</c> and different <c>item_hash</c>, left by a dataset edited under the same ids.
/// Their samples are apart (the hash is in the case key), but a report grouped by <c>item</c> or by model counts both
/// versions together, so <c>report</c> and <c>progress</c> name them.
/// </summary>
/// <remarks>
/// Two passes keep reports of stores without edited items as fast as before: the report's own pass reads only
/// <see cref="Columns"/> (<c>item</c> and <c>item_hash</c>, null and nearly free in a store without datasets) and
/// finds whether any item id has two hashes at all (<see cref="MayHaveChangedItems"/>); only then a second pass reads
/// <see cref="BatchColumns"/>, so that the same id in two batches' datasets is not taken for an edit.
/// </remarks>
internal sealed class ItemVersionCheck
{
    // Batch (empty when the records were read without their test columns) and item -> hash -> records.
    private readonly SortedDictionary<(string Batch, string Item), SortedDictionary<string, long>> _versions = new();

    /// <summary>The columns the first pass reads: the item and its version.</summary>
    public static IReadOnlyList<string> Columns { get; } = [RecordColumns.Item, RecordColumns.ItemHash];

    /// <summary>The columns the second pass reads: the item, its version and the batch it was answered in.</summary>
    public static IReadOnlyList<string> BatchColumns { get; } =
        [RecordColumns.Assembly, RecordColumns.TestClass, RecordColumns.TestMethod, RecordColumns.Item, RecordColumns.ItemHash];

    /// <summary>Whether some item id has records of two versions (in some batch, or in any when the batch was not read).</summary>
    public bool MayHaveChangedItems => _versions.Values.Any(v => v.Count > 1);

    /// <summary>Notes the item version of <paramref name="record"/>, if it answered a dataset item.</summary>
    public void Add(ResultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Add(record.Assembly, record.TestClass, record.TestMethod, record.Item, record.ItemHash);
    }

    /// <summary>Notes the item version of each row of <paramref name="rowGroup"/> that counts, as <see cref="Add(ResultRecord)"/> of its record.</summary>
    public void Add(ParquetRowGroup rowGroup)
    {
        ArgumentNullException.ThrowIfNull(rowGroup);
        var items = rowGroup.Texts(RecordColumns.Item);
        var hashes = rowGroup.Texts(RecordColumns.ItemHash);
        if (items is null || hashes is null)
        {
            return;
        }

        var assemblies = rowGroup.Texts(RecordColumns.Assembly);
        var classes = rowGroup.Texts(RecordColumns.TestClass);
        var methods = rowGroup.Texts(RecordColumns.TestMethod);
        for (var row = 0; row < rowGroup.RowCount; row++)
        {
            if (rowGroup.Counts(row) && items[row] is not null && hashes[row] is not null)
            {
                Add(assemblies?[row], classes?[row], methods?[row], items[row], hashes[row]);
            }
        }
    }

    private void Add(string? assembly, string? testClass, string? testMethod, string? item, string? hash)
    {
        if (item is null || hash is null)
        {
            return;
        }

        var batch = testMethod is null ? "" : $"{(string.IsNullOrEmpty(assembly) ? "" : assembly + "#")}{testClass}.{testMethod}";
        if (!_versions.TryGetValue((batch, item), out var hashes))
        {
            _versions[(batch, item)] = hashes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        }

        hashes[hash] = hashes.GetValueOrDefault(hash) + 1;
    }

    /// <summary>
    /// One sentence per item answered in more than one version, e.g. <c>the dataset item 'q07' of Bench#Qa.Run was answered
    /// in 2 versions (1a2b3c4d5e6f: 4 records, 9f8e7d6c5b4a: 4 records) ...</c>; empty when every item has one. Records
    /// read with <see cref="BatchColumns"/> name their batch.
    /// </summary>
    public IReadOnlyList<string> Notes() =>
    [
        .. _versions.Where(p => p.Value.Count > 1).Select(p => string.Create(
            CultureInfo.InvariantCulture,
            $"the dataset item '{p.Key.Item}'{(p.Key.Batch.Length > 0 ? " of " + p.Key.Batch : "")} was answered in {p.Value.Count} versions ({string.Join(", ", p.Value.Select(v => $"{v.Key}: {v.Value} records"))}): its text changed under the same id; groups that hold it mix answers to different texts (filter or group by item_hash to keep them apart)."))
    ];
}
