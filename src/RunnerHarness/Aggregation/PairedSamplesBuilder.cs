using RunnerHarness.Matrix;
using RunnerHarness.Schema;

namespace RunnerHarness.Aggregation;

/// <summary>
/// Collects, in one pass, each side's results per item and cell so <see cref="ViewComparison"/> can pair them.
/// An item is a record's case key without its sample part and without the compared axes
/// (<see cref="CaseKey.ItemOf"/>); repeated samples of an item are averaged. Only model results count
/// (skipped tests and infrastructure failures are no answer of the model), and with a metric only those that
/// have it. Memory grows with the number of items, not of records.
/// </summary>
internal sealed class PairedSamplesBuilder
{
    private readonly string[] _dimensions;
    private readonly IReadOnlySet<string> _comparedAxes;
    private readonly ComparedMetric? _metric;
    private readonly Dictionary<string?[], Dictionary<string, ItemTally>> _cells = new(GroupKeyComparer.Instance);
    private readonly Dictionary<string, ItemTally> _overall = new(StringComparer.Ordinal);

    /// <summary>Creates a builder for cells of <paramref name="dimensions"/>, pairing across <paramref name="comparedAxes"/>.</summary>
    public PairedSamplesBuilder(IEnumerable<string> dimensions, IEnumerable<string> comparedAxes, ComparedMetric? metric)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(comparedAxes);
        _dimensions = [.. dimensions];
        _comparedAxes = new HashSet<string>(comparedAxes, StringComparer.Ordinal);
        _metric = metric;
    }

    /// <summary>The record columns pairing reads; add them to the read's projection.</summary>
    public IEnumerable<string> Columns =>
        new[] { RecordColumns.Assembly, RecordColumns.TestClass, RecordColumns.TestMethod, RecordColumns.Dimensions }
            .Concat(RecordAxes.All.Select(a => a.Column))
            .Concat(ResultClassifier.Columns)
            .Concat(CumulativeGrouping.ColumnsFor(_dimensions))
            .Concat(_metric is null ? [] : [_metric.Column])
            .Distinct(StringComparer.Ordinal);

    /// <summary>Adds <paramref name="record"/> to the sides it belongs to (both, when the sides overlap).</summary>
    public void Add(ResultRecord record, bool baseline, bool candidate)
    {
        ArgumentNullException.ThrowIfNull(record);
        var resultClass = ResultClassifier.Classify(record);
        if (!(baseline || candidate) || !ResultClassifier.IsModelResult(resultClass))
        {
            return;
        }

        double value;
        if (_metric is null)
        {
            value = resultClass is ResultClass.FullSuccess or ResultClass.PartialSuccess ? 1 : 0;
        }
        else if (_metric.ValueOf(record) is { } metricValue)
        {
            value = metricValue;
        }
        else
        {
            return;
        }

        var item = CaseKey.ItemOf(record, _comparedAxes);
        var key = _dimensions.Select(d => RecordDimensions.ValueOf(record, d)).ToArray();
        if (!_cells.TryGetValue(key, out var items))
        {
            items = new Dictionary<string, ItemTally>(StringComparer.Ordinal);
            _cells.Add(key, items);
        }

        Tally(items, item).Add(value, baseline, candidate);
        Tally(_overall, item).Add(value, baseline, candidate);
    }

    /// <summary>The pairs of every cell seen, and of all cells pooled.</summary>
    public PairedSamples Build()
    {
        var binary = _metric is null;
        var cells = _cells.ToDictionary(c => c.Key, c => ItemPairs.From(c.Value.Values, binary), GroupKeyComparer.Instance);
        return new PairedSamples(cells, ItemPairs.From(_overall.Values, binary));
    }

    private static ItemTally Tally(Dictionary<string, ItemTally> items, string item)
    {
        if (!items.TryGetValue(item, out var tally))
        {
            tally = new ItemTally();
            items.Add(item, tally);
        }

        return tally;
    }
}
