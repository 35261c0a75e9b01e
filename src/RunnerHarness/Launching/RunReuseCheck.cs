using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.Summaries;

namespace RunnerHarness.Launching;

/// <summary>
/// Whether a run id is already used in a store, so that reusing it is refused unless asked for
/// (<see cref="Settings.HarnessSettingDefinitions.ContinueRun"/>, <c>runner-harness run --continue-run</c>): a reused id
/// mixes two runs' records, and every count by run (the run's summary line, <c>report --run</c>, <c>compare</c>) then
/// counts both. Records are found wherever they are: in the run's own folder, in compacted files (by the summaries'
/// per-run counts) and in live or dead writers' logs.
/// </summary>
internal static class RunReuseCheck
{
    /// <summary>The records of run <paramref name="runId"/> the store at <paramref name="layout"/> holds (sealed, and in logs when <paramref name="includeLogs"/>), per shard text (<see cref="string.Empty"/> without a shard).</summary>
    public static IReadOnlyDictionary<string, long> RecordsOf(StoreLayout layout, string runId, bool includeLogs = true)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!Directory.Exists(layout.Root))
        {
            return counts;
        }

        foreach (var summary in new StoreSummaryReader(layout, SampleHoldings.Rule).Read(runIds: null, includeLiveLogs: includeLogs))
        {
            foreach (var (shard, records) in summary.RunShards.GetValueOrDefault(runId) ?? new Dictionary<string, long>())
            {
                counts[shard] = counts.GetValueOrDefault(shard) + records;
            }
        }

        return counts;
    }

    /// <summary>
    /// The sealed records of run <paramref name="runId"/> written by the test assembly <paramref name="assembly"/> as shard
    /// <paramref name="shard"/> (<see langword="null"/>: unsharded): what a test host of that run, assembly and shard would
    /// add to. Records still in logs are left out: they are of a process running beside this one (the other target
    /// framework of the same assembly, started with it), not of an earlier run. Costs a read of the summaries when the
    /// run is new, and a read of the run's records otherwise.
    /// </summary>
    public static long RecordsOf(StoreLayout layout, string runId, string assembly, string? shard)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (RecordsOf(layout, runId, includeLogs: false).Values.Sum() == 0)
        {
            return 0;
        }

        var query = new RecordQuery
        {
            Projection = RecordProjection.Of(RecordColumns.RunId, RecordColumns.Assembly, RecordColumns.Shard),
            Filter = new RecordFilter { RunIds = [runId] },
        };
        return new StoreReader(layout).Read(query).LongCount(r => r.Assembly == assembly && r.Shard == shard);
    }
}
