using RunnerHarness.Schema;

namespace RunnerHarness.Store.Summaries;

/// <summary>
/// Builds the <see cref="SegmentSummary"/> of the records added to it, one record at a time, counting held samples by
/// the <see cref="IHoldingsRule"/> it is given.
/// </summary>
/// <param name="holdings">Which record holds which sample, and how a case key splits into cell and sample.</param>
internal sealed class SegmentSummaryBuilder(IHoldingsRule holdings)
{
    private readonly IHoldingsRule _holdings = holdings ?? throw new ArgumentNullException(nameof(holdings));

    /// <summary>The record columns <see cref="Add"/> reads: the rule's, and those the summary counts by itself.</summary>
    public IReadOnlyList<string> Columns { get; } =
        [.. holdings.Columns.Union([RecordColumns.ModelId, RecordColumns.RunId, RecordColumns.Shard, RecordColumns.FinishedAt], StringComparer.Ordinal)];

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
        if (_holdings.HeldSampleOf(record) is { } key)
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

    private void AddHeld(Dictionary<string, HashSet<int>> held, SortedSet<string> heldKeys, string caseKey)
    {
        if (_holdings.SplitSample(caseKey) is not var (cellLength, sample))
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
}
