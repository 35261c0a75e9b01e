using System.Globalization;
using RunnerHarness.Aggregation;
using RunnerHarness.Matrix;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Summaries;

/// <summary>Builds the <see cref="SegmentSummary"/> of the records added to it, one record at a time.</summary>
public sealed class SegmentSummaryBuilder
{
    /// <summary>The record columns <see cref="Add"/> reads.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        [.. SampleHoldings.Columns, RecordColumns.RunId, RecordColumns.Shard, RecordColumns.FinishedAt];

    private readonly Dictionary<string, HashSet<int>> _held = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _heldKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Dictionary<string, HashSet<int>> Samples, SortedSet<string> Keys)> _byModel = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, long>> _runShards = new(StringComparer.Ordinal);
    private long _records;
    private DateTime? _first;
    private DateTime? _last;

    /// <summary>The records added so far.</summary>
    public long Records => _records;

    /// <summary>Counts <paramref name="record"/> in the summary; it needs the <see cref="Columns"/> only.</summary>
    public void Add(ResultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _records++;
        if (record.FinishedAt is { } finished)
        {
            _first = _first is { } first && first <= finished ? first : finished;
            _last = _last is { } last && last >= finished ? last : finished;
        }

        if (!_runShards.TryGetValue(record.RunId ?? "", out var shards))
        {
            shards = new Dictionary<string, long>(StringComparer.Ordinal);
            _runShards.Add(record.RunId ?? "", shards);
        }

        var shard = record.Shard ?? "";
        shards[shard] = shards.GetValueOrDefault(shard) + 1;
        if (SampleHoldings.SampleOf(record) is { } key && SampleHoldings.Holds(record))
        {
            if (record.ModelId is { } modelId)
            {
                if (!_byModel.TryGetValue(modelId, out var model))
                {
                    model = (new Dictionary<string, HashSet<int>>(StringComparer.Ordinal), new SortedSet<string>(StringComparer.Ordinal));
                    _byModel.Add(modelId, model);
                }

                AddHeld(model.Samples, model.Keys, key);
            }
            else
            {
                AddHeld(_held, _heldKeys, key);
            }
        }
    }

    /// <summary>Adds every record of <paramref name="records"/>.</summary>
    public SegmentSummaryBuilder AddRange(IEnumerable<ResultRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            Add(record);
        }

        return this;
    }

    /// <summary>The summary of the records added so far.</summary>
    public SegmentSummary Build() => new()
    {
        Records = _records,
        FirstFinishedAt = _first,
        LastFinishedAt = _last,
        HeldSamples = Sorted(_held),
        HeldKeys = [.. _heldKeys],
        ModelHeldSamples = _byModel.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, int[]>)Sorted(p.Value.Samples), StringComparer.Ordinal),
        ModelHeldKeys = _byModel.Where(p => p.Value.Keys.Count > 0).ToDictionary(p => p.Key, p => (IReadOnlyList<string>)[.. p.Value.Keys], StringComparer.Ordinal),
        RunShards = _runShards.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, long>)p.Value, StringComparer.Ordinal),
    };

    /// <summary>Forgets every record added, to summarise the next file.</summary>
    public void Clear()
    {
        _held.Clear();
        _heldKeys.Clear();
        _byModel.Clear();
        _runShards.Clear();
        _records = 0;
        _first = null;
        _last = null;
    }

    private static Dictionary<string, int[]> Sorted(Dictionary<string, HashSet<int>> held) =>
        held.ToDictionary(p => p.Key, p => p.Value.Order().ToArray(), StringComparer.Ordinal);

    private static void AddHeld(Dictionary<string, HashSet<int>> held, SortedSet<string> heldKeys, string caseKey)
    {
        if (SplitSample(caseKey) is not var (cellLength, sample))
        {
            heldKeys.Add(caseKey);
            return;
        }

        // Looked up by span: a store's records repeat a few thousand cells, so most records allocate no cell key.
        var cells = held.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!cells.TryGetValue(caseKey.AsSpan(0, cellLength), out var samples))
        {
            samples = [];
            held.Add(caseKey[..cellLength], samples);
        }

        samples.Add(sample);
    }

    /// <summary>
    /// The length of the cell key and the sample index of <paramref name="caseKey"/> when its sample part is the plain
    /// decimal <see cref="CaseKey"/> writes (so joining them again gives back the same key); otherwise <see langword="null"/>.
    /// </summary>
    internal static (int CellLength, int Sample)? SplitSample(string caseKey)
    {
        var hash = caseKey.LastIndexOf("|#", StringComparison.Ordinal);
        if (hash < 0)
        {
            return null;
        }

        var digits = caseKey.AsSpan(hash + 2);
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var sample)
            || (digits.Length > 1 && digits[0] == '0'))
        {
            return null;
        }

        return (hash, sample);
    }
}
