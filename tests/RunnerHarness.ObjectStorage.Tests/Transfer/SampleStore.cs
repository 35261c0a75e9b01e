using RunnerHarness.Aggregation;
using RunnerHarness.Store;
using RunnerHarness.Tests;

namespace RunnerHarness.ObjectStorage.Tests.Transfer;

/// <summary>A WorkflowBench-like local store: two runs, one sealed as JSON Lines and one as Parquet, with their summaries.</summary>
internal static class SampleStore
{
    public static StoreLayout Write(string root, int records = 600)
    {
        var layout = new StoreLayout(root);
        var all = TestRecords.Varied(records);
        Seal(layout, StorageFormat.Json, "run-20261201-0001", all.Take(records / 2));
        Seal(layout, StorageFormat.Parquet, "run-20261202-0001", all.Skip(records / 2));
        return layout;
    }

    /// <summary>Every sealed file of <paramref name="layout"/> (relative path) with its bytes' SHA-256.</summary>
    public static SortedDictionary<string, string> SealedFiles(StoreLayout layout)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in new[] { "data", "transcripts", "summaries" })
        {
            foreach (var path in layout.List(Path.Combine(layout.Root, folder)).Files)
            {
                files[layout.Relative(path)] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
            }
        }

        return files;
    }

    private static void Seal(StoreLayout layout, StorageFormat format, string runId, IEnumerable<Schema.ResultRecord> records)
    {
        using var writer = RecordWriter.Open(layout, SampleHoldings.Rule, format, runId);
        foreach (var record in records)
        {
            writer.Append(record);
        }
    }
}
