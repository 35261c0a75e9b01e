using System.Runtime.InteropServices;
using RunnerHarness.Matrix;
using RunnerHarness.Schema;

namespace RunnerHarness.Aggregation;

/// <summary>
/// Collects, in one pass, each model's results per run and item, and builds <see cref="RunTrends"/>: per model and
/// run the success rate with its Wilson interval, runs ordered by their earliest <c>finished_at</c>, and for each run
/// the test against the model's run before it by <see cref="ViewComparison"/>'s cell test - paired on the items both
/// runs answered (an item is the record's case key without its sample part, <see cref="CaseKey.ItemOf"/>), unpaired
/// when they share none. The p-values of all changes are adjusted together (<see cref="ComparisonOptions.Adjustment"/>).
/// Only model results count. Memory grows with models x runs x items, not with repeated samples.
/// </summary>
internal sealed class RunTrendBuilder
{
    private readonly ComparisonOptions _options;

    // Items by number (ItemNumbers: one per distinct item key), so a record's key is built once per distinct item, not
    // once per record; each run's items keep their order of first appearance, which the pairing below enumerates.
    private readonly ItemNumbers _itemNumbers = new();
    private readonly Dictionary<(string? Model, string? Run), Dictionary<int, ItemTally>> _items = [];
    private readonly Dictionary<string, DateTime?> _runStarts = new(StringComparer.Ordinal);
    private DateTime? _noRunStart;

    /// <summary>Creates a builder judging changes with <paramref name="options"/> (its metric is ignored: trends are of success).</summary>
    public RunTrendBuilder(ComparisonOptions? options = null) => _options = (options ?? new ComparisonOptions()) with { Metric = null };

    /// <summary>The record columns the trends read.</summary>
    public static IEnumerable<string> Columns =>
        new[] { RecordColumns.Assembly, RecordColumns.TestClass, RecordColumns.TestMethod, RecordColumns.Dimensions, RecordColumns.RunId, RecordColumns.FinishedAt }
            .Concat(RecordAxes.All.Select(a => a.Column))
            .Concat(ResultClassifier.Columns)
            .Distinct(StringComparer.Ordinal);

    /// <summary>Adds one record.</summary>
    public void Add(ResultRecord record) => Add(record, null);

    /// <summary>
    /// Adds one record to <paramref name="tally"/> when given (the tally this builder returned for an earlier record of
    /// the same model, run and item), or to its item's tally found by model, run and item. Returns the tally the record
    /// was counted in, or <see langword="null"/> when it counts in none (not a model result).
    /// </summary>
    internal ItemTally? Add(ResultRecord record, ItemTally? tally)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Add(new ResultRecordRow(record), tally, record);
    }

    /// <summary>
    /// <see cref="Add(ResultRecord, ItemTally?)"/> of a row of a record or of a decoded row group, whose model, run and item
    /// are <paramref name="item"/>'s (a record of the same parts), read only when <paramref name="tally"/> is not given.
    /// </summary>
    internal ItemTally? Add<TRow>(TRow row, ItemTally? tally, ResultRecord item)
        where TRow : struct, IRecordRow => Add(row, ResultClassifier.Classify(row), tally, item);

    /// <summary><see cref="Add{TRow}(TRow, ItemTally?, ResultRecord)"/> of a row whose class is <paramref name="resultClass"/>.</summary>
    internal ItemTally? Add<TRow>(TRow row, ResultClass resultClass, ItemTally? tally, ResultRecord item)
        where TRow : struct, IRecordRow
    {
        NoteRunTime(row.RunId, row.FinishedAt);
        if (!ResultClassifier.IsModelResult(resultClass))
        {
            return null;
        }

        tally ??= TallyOf(item);
        tally.Add(resultClass is ResultClass.FullSuccess or ResultClass.PartialSuccess ? 1 : 0, baseline: true, candidate: false);
        return tally;
    }

    /// <summary>The trends of the records added.</summary>
    /// <remarks>
    /// The tests of consecutive runs run in parallel: each draws from its own seeded generator, so its result does not
    /// depend on which thread runs it or when, and each is kept in its model's and run's place.
    /// </remarks>
    public RunTrends Build()
    {
        var modelRuns = _items.Keys.Select(k => k.Model).Distinct().Order(new DimensionValueComparer(RecordColumns.Model))
            .Select(model => (Model: model, Runs: _items.Keys.Where(k => k.Model == model).Select(k => k.Run)
                .OrderBy(RunStart).ThenBy(r => r, StringComparer.Ordinal)
                .ToList()))
            .ToList();
        var changes = modelRuns.SelectMany(m => m.Runs.Skip(1).Select((run, i) => (m.Model, Earlier: m.Runs[i], Later: run))).ToArray();
        var tested = new ProportionTestResult[changes.Length];
        Parallel.For(0, changes.Length, c =>
        {
            var (model, earlier, later) = changes[c];
            var previous = _items[(model, earlier)];
            var current = _items[(model, later)];
            var (previousSuccess, previousTotal) = Count(previous);
            var (success, total) = Count(current);
            tested[c] = ViewComparison.Test(previousSuccess, previousTotal, success, total, Pairs(previous, current), _options);
        });

        var models = new List<(string? Model, List<(string? Run, DateTime? At, Proportion Rate, ProportionTestResult? Change)> Runs)>();
        var change = 0;
        foreach (var (model, runs) in modelRuns)
        {
            var points = new List<(string? Run, DateTime? At, Proportion Rate, ProportionTestResult? Change)>();
            for (var i = 0; i < runs.Count; i++)
            {
                var (success, total) = Count(_items[(model, runs[i])]);
                points.Add((runs[i], RunStart(runs[i]), new Proportion(success, total), i > 0 ? tested[change++] : null));
            }

            models.Add((model, points));
        }

        var adjusted = PValueAdjuster.Adjust([.. models.SelectMany(m => m.Runs.Skip(1).Select(r => r.Change!.PValue))], _options.Adjustment);
        var next = 0;
        var trends = models.Select(m => new ModelTrend(m.Model, [.. m.Runs.Select((r, i) =>
        {
            var p = i == 0 ? null : adjusted[next++];
            return new RunPoint(r.Run, r.At, r.Rate, r.Change, p, p < _options.SignificanceLevel);
        })])).ToList();
        return new RunTrends(trends, _options);
    }

    // The tally of the record's model, run and item, created empty at the run's first model result for the item (so
    // a run's items keep the order in which they first counted).
    private ItemTally TallyOf(ResultRecord record)
    {
        if (!_items.TryGetValue((record.Model, record.RunId), out var items))
        {
            items = [];
            _items.Add((record.Model, record.RunId), items);
        }

        var item = _itemNumbers.Of(record);
        if (!items.TryGetValue(item, out var tally))
        {
            tally = new ItemTally();
            items.Add(item, tally);
        }

        return tally;
    }

    private void NoteRunTime(string? run, DateTime? finishedAt)
    {
        if (run is null)
        {
            _noRunStart = Earlier(_noRunStart, finishedAt);
            return;
        }

        // One lookup a record: the slot is read and written in place.
        ref var start = ref CollectionsMarshal.GetValueRefOrAddDefault(_runStarts, run, out _);
        start = Earlier(start, finishedAt);
    }

    // Runs without any finished_at sort last, then by run id.
    private DateTime RunStart(string? run) => (run is null ? _noRunStart : _runStarts.GetValueOrDefault(run)) ?? DateTime.MaxValue;

    private static DateTime? Earlier(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static (long Success, long Total) Count(Dictionary<int, ItemTally> items) =>
        ((long)items.Values.Sum(t => t.BaselineSum), items.Values.Sum(t => (long)t.BaselineCount));

    // The two runs' items as one comparison: the earlier run the baseline, the later the candidate.
    private static ItemPairs Pairs(Dictionary<int, ItemTally> earlier, Dictionary<int, ItemTally> later)
    {
        var tallies = new Dictionary<int, ItemTally>();
        foreach (var (item, tally) in earlier)
        {
            tallies[item] = new ItemTally { BaselineSum = tally.BaselineSum, BaselineCount = tally.BaselineCount };
        }

        foreach (var (item, tally) in later)
        {
            if (!tallies.TryGetValue(item, out var pair))
            {
                pair = new ItemTally();
                tallies.Add(item, pair);
            }

            pair.CandidateSum = tally.BaselineSum;
            pair.CandidateCount = tally.BaselineCount;
        }

        return ItemPairs.From(tallies.Values, binaryValues: true);
    }
}
