using System.Security.Cryptography;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Store;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>A store's files as they are now (path and content hash), to show a run left it unchanged.</summary>
public static class StoreSnapshot
{
    /// <summary>Every file and folder under <paramref name="store"/>, with its SHA-256 (folders: empty), in path order, as one text.</summary>
    public static string Take(string store)
    {
        if (!Directory.Exists(store))
        {
            return "(no store)";
        }

        var entries = Directory.EnumerateFileSystemEntries(store, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(p => File.Exists(p) ? $"{Path.GetRelativePath(store, p)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(p)))}" : $"{Path.GetRelativePath(store, p)}/");
        return string.Join('\n', entries);
    }

    /// <summary>Seals one passed sample of an earlier run of ModelClientBatch into <paramref name="store"/>.</summary>
    public static void WriteEarlierRun(string store)
    {
        var finished = new DateTime(2026, 12, 5, 9, 14, 2, DateTimeKind.Utc);
        using var writer = RecordWriter.Open(new StoreLayout(store), SampleHoldings.Rule, StorageFormat.Json, "run-20261205-0913");
        writer.Append(new ResultRecordBuilder
        {
            RunId = "run-20261205-0913",
            CaseKey = "RecordingFixture.ModelClientBatch.Ask|sim-small|sim|optimal|easy|data_pipeline|0",
            Assembly = "RecordingFixture",
            TestClass = "RecordingFixture.ModelClientBatch",
            TestMethod = "Ask",
            DisplayName = "RecordingFixture.ModelClientBatch.Ask(sim-small | optimal | easy | data_pipeline | #0)",
            Outcome = TestOutcome.Passed,
            StartedAt = finished.AddMilliseconds(-412),
            FinishedAt = finished,
            DurationMs = 412,
            Model = "sim-small",
            Provider = "sim",
            PromptType = "optimal",
            Difficulty = "easy",
            TaskType = "data_pipeline",
            SampleIndex = 0,
            SuccessLevel = SuccessLevel.FullSuccess,
            InputTokens = 131,
            OutputTokens = 48,
        }.Build());
        writer.Complete();
    }
}
