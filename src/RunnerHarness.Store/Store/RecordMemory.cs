using RunnerHarness.Schema;

namespace RunnerHarness.Store;

/// <summary>
/// An estimate of the memory a record holds, from its strings (two bytes a character) and maps, plus a fixed part for
/// its other columns: enough to bound a batch of records by bytes as well as by count, without serialising them.
/// </summary>
internal static class RecordMemory
{
    private const long FixedBytes = 512;

    /// <summary>The estimated bytes <paramref name="record"/> holds.</summary>
    public static long Estimate(ResultRecord record) =>
        FixedBytes
        + (2L * (Length(record.RecordId) + Length(record.RunId) + Length(record.CaseKey) + Length(record.Assembly) + Length(record.TestClass)
            + Length(record.TestMethod) + Length(record.DisplayName) + Length(record.Model) + Length(record.Provider) + Length(record.PromptType)
            + Length(record.Difficulty) + Length(record.TaskType) + Length(record.FlawType) + Length(record.ErrorMessage) + Length(record.Host)
            + Length(record.Shard) + Length(record.ExceptionType) + Length(record.Output)))
        + Map(record.Dimensions) + Map(record.Traits) + (record.Metrics?.Count ?? 0) * 64L;

    private static long Length(string? text) => text?.Length ?? 0;

    private static long Map(IReadOnlyDictionary<string, string>? map) =>
        map is null ? 0 : map.Sum(p => 64 + (2L * (p.Key.Length + Length(p.Value))));
}
