using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.Summaries;

namespace RunnerHarness.Cli.Running;

/// <summary>
/// Counts a run's records in the store per shard, from the <c>shard</c> column the writer stamps on every record of a
/// sharded run, including records still in live write-ahead logs. Records of the run without a shard (e.g. written by
/// a test host older than the shard stamp) are counted apart, never guessed into a shard.
/// </summary>
internal sealed class ShardRecordCounter(string storePath, string runId)
{
    private readonly RecordQuery _query = new()
    {
        Projection = RecordProjection.Of(RecordColumns.Shard, RecordColumns.RunId),
        Filter = new RecordFilter { RunIds = [runId] },
        IncludeLiveLogs = true,
    };

    /// <summary>Records of the run per shard text (<c>i/n</c>); the key <see cref="string.Empty"/> holds those without a shard. Reads the whole store.</summary>
    /// <exception cref="IOException">The store could not be read this time (files move while shards seal them).</exception>
    public IReadOnlyDictionary<string, long> Count() => CountWith(_query);

    /// <summary>
    /// <see cref="Count"/> for the progress line, from the summaries of the run's own sealed files and its live logs,
    /// so a poll costs what the run's unsealed logs hold, not what the store holds; a compaction during the run can
    /// make it count less until the final <see cref="Count"/>.
    /// </summary>
    /// <exception cref="IOException">The store could not be read this time.</exception>
    public IReadOnlyDictionary<string, long> Poll()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!Directory.Exists(storePath))
        {
            return counts;
        }

        foreach (var summary in new StoreSummaryReader(new StoreLayout(storePath)).Read([runId], includeLiveLogs: true))
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
