using RunnerHarness.Aggregation;
using RunnerHarness.Store;

namespace RunnerHarness.Tests.Store;

/// <summary>A read that a compaction overtakes: the store's files are merged and removed once the read has yielded its first record.</summary>
internal static class CompactionMidRead
{
    /// <summary>
    /// The ids <paramref name="reader"/> yields when a compaction of <paramref name="layout"/> merges every data file and
    /// removes them right after the first record (the files it is then reading, or has yet to open, are gone).
    /// </summary>
    public static List<string> ReadIds(StoreLayout layout, StoreReader reader)
    {
        var before = layout.DataFiles().ToList();
        var ids = new List<string>();
        using var records = reader.Read().GetEnumerator();
        Assert.True(records.MoveNext());
        ids.Add(records.Current.RecordId);
        new StoreCompactor(layout, SampleHoldings.Rule).Compact();
        Assert.DoesNotContain(layout.DataFiles(), before.Contains);
        while (records.MoveNext())
        {
            ids.Add(records.Current.RecordId);
        }

        return ids;
    }
}
