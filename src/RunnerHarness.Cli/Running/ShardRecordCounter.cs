using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.Summaries;

namespace RunnerHarness.Cli.Running;

/// <summary>
/// Counts a run's records in the store per shard, from the <c>shard</c> column the writer stamps on every record of a
/// sharded run, including records still in live write-ahead logs. Records of the run without a shard (e.g. written by
/// a test host older than the shard stamp) are counted apart, never guessed into a shard. Counts are of what this
/// invocation wrote: the run's records found by <see cref="TakeBaseline"/> (an earlier invocation continued with
/// <c>--continue-run</c>) are subtracted.
/// </summary>
internal sealed class ShardRecordCounter(string storePath, string runId)
{
    private IReadOnlyDictionary<string, long> _countBaseline = new Dictionary<string, long>();
    private IReadOnlyDictionary<string, long> _pollBaseline = new Dictionary<string, long>();

    private readonly RecordQuery _query = new()
    {
        Projection = RecordProjection.Of(RecordColumns.Shard, RecordColumns.RunId),
        Filter = new RecordFilter { RunIds = [runId] },
        IncludeLiveLogs = true,
    };

    /// <summary>Notes the run's records already in the store, before this invocation's shards start, so counts leave them out.</summary>
    public void TakeBaseline()
    {
        _countBaseline = CountAll();
        _pollBaseline = PollAll();
    }

    /// <summary>Records of the run per shard text (<c>i/n</c>); the key <see cref="string.Empty"/> holds those without a shard. Reads the whole store.</summary>
    /// <exception cref="IOException">The store could not be read this time (files move while shards seal them).</exception>
    public IReadOnlyDictionary<string, long> Count() => Minus(CountAll(), _countBaseline);

    private Dictionary<string, long> CountAll() => CountWith(_query);

    /// <summary>
    /// <see cref="Count"/> for the progress line, from the summaries of the run's own sealed files and its live logs,
    /// so a poll costs what the run's unsealed logs hold, not what the store holds; a compaction during the run can
    /// make it count less until the final <see cref="Count"/>.
    /// </summary>
    /// <exception cref="IOException">The store could not be read this time.</exception>
    public IReadOnlyDictionary<string, long> Poll() => Minus(PollAll(), _pollBaseline);

    private static Dictionary<string, long> Minus(Dictionary<string, long> counts, IReadOnlyDictionary<string, long> baseline)
    {
        foreach (var (shard, before) in baseline)
        {
            // A compaction between the two reads can move earlier records out of the run's folders: never below zero.
            counts[shard] = Math.Max(0, counts.GetValueOrDefault(shard) - before);
        }

        return counts;
    }

    private Dictionary<string, long> PollAll()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!Directory.Exists(storePath))
        {
            return counts;
        }

        foreach (var summary in new StoreSummaryReader(new StoreLayout(storePath), SampleHoldings.Rule).Read([runId], includeLiveLogs: true))
        {
            foreach (var (shard, records) in summary.RunShards.GetValueOrDefault(runId) ?? new Dictionary<string, long>())
            {
                counts[shard] = counts.GetValueOrDefault(shard) + records;
            }
        }

        return counts;
    }

    private Dictionary<string, long> CountWith(RecordQuery query)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!Directory.Exists(storePath))
        {
            return counts;
        }

        foreach (var record in new StoreReader(new StoreLayout(storePath)).Read(query))
        {
            var key = record.Shard ?? "";
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }
}
