using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// A decoded text column (enums as their wire spellings); null entries are rows without a value. A dictionary-encoded
/// chunk also keeps, a row, the index of its value among the chunk's distinct values (<see cref="DictionaryEntries"/>),
/// so a compaction translates each distinct value into the merged file's dictionary once instead of looking every row up.
/// </summary>
internal sealed class ParquetTextValues(Action<ResultRecordBuilder, string> set) : ParquetReusedRows<string?>
{
    private readonly List<string> _distinct = [];
    private int[] _entries = [];
    private bool _dictionary;

    /// <summary>
    /// When the row group decoded last was dictionary-encoded, the index in <see cref="Distinct"/> of each defined row's
    /// value (a null row's entry means nothing); otherwise <see langword="null"/>.
    /// </summary>
    public int[]? DictionaryEntries => _dictionary ? _entries : null;

    /// <summary>The distinct values of the dictionary-encoded row group decoded last, in the order its rows first hold them.</summary>
    public IReadOnlyList<string> Distinct => _distinct;

    /// <summary>What the decode finds each row's distinct value with; this set's, reused from row group to row group.</summary>
    public ParquetDictionaryEntryFinder EntryFinder { get; } = new();

    /// <summary>The distinct value at <paramref name="entry"/> (<see cref="Distinct"/>, without its interface).</summary>
    public string DistinctValue(int entry) => _distinct[entry];

    public override void Apply(ResultRecordBuilder record, int row)
    {
        if (Values[row] is { } value)
        {
            set(record, value);
        }
    }

    /// <summary>Starts the entries of a dictionary-encoded row group of <paramref name="rowCount"/> rows; returns the array to fill.</summary>
    public int[] StartDictionary(int rowCount)
    {
        if (_entries.Length < rowCount)
        {
            _entries = new int[rowCount];
        }

        _distinct.Clear();
        _dictionary = true;
        return _entries;
    }

    /// <summary>Adds the next distinct value of a dictionary-encoded row group; returns its index.</summary>
    public int AddDistinct(string value)
    {
        _distinct.Add(value);
        return _distinct.Count - 1;
    }

    /// <summary>Marks the row group being decoded as not dictionary-encoded: it keeps no entries.</summary>
    public void StartPlain()
    {
        _distinct.Clear();
        _dictionary = false;
    }
}
