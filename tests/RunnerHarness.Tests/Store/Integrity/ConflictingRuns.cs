using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Tests.Store.Integrity;

/// <summary>Runs whose records conflict: the same ids with other content, as a hand-edited or re-imported run holds them.</summary>
internal static class ConflictingRuns
{
    /// <summary>Records as a run wrote them, and edited copies of them finished an hour later with the other outcome.</summary>
    public static (List<ResultRecord> Original, List<ResultRecord> Edited) Copies(int count, int seed)
    {
        var finished = new DateTime(2026, 11, 30, 14, 5, 0, DateTimeKind.Utc);
        var original = TestRecords.Varied(count, seed)
            .Select(r => new ResultRecordBuilder(r) { Outcome = TestOutcome.Passed, FinishedAt = r.FinishedAt ?? finished }.Build())
            .ToList();
        var edited = original.Select(r => new ResultRecordBuilder(r)
        {
            Outcome = TestOutcome.Failed,
            FinishedAt = r.FinishedAt!.Value.AddHours(1),
            ErrorMessage = "Expected tool 'fetch_data' before 'transform', got 'transform' first.",
        }.Build()).ToList();
        return (original, edited);
    }

    /// <summary>Writes <paramref name="records"/> as run <paramref name="runId"/> of the store at <paramref name="layout"/>, sealed.</summary>
    public static void Write(StoreLayout layout, string runId, StorageFormat format, IEnumerable<ResultRecord> records)
    {
        using var writer = RecordWriter.Open(layout, SampleHoldings.Rule, format, runId);
        foreach (var record in records)
        {
            writer.Append(record);
        }

        writer.Complete();
    }
}
