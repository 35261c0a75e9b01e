using RunnerHarness.Schema;

namespace RunnerHarness.Store;

/// <summary>
/// An estimate of the memory a record holds, from its strings (two bytes a character) and maps, plus a fixed part for
/// its other columns: enough to bound a batch of records by bytes as well as by count, without serialising them.
/// </summary>
internal static class RecordMemory
{
    /// <summary>What every record is counted to hold besides its strings and maps.</summary>
    public const long FixedBytes = 512;

    /// <summary>What each entry of a map of numbers is counted to hold.</summary>
    public const long NumberEntryBytes = 64;

    /// <summary>The text columns <see cref="Estimate"/> counts, two bytes a character (a column estimate counts these).</summary>
    public static IReadOnlyList<string> TextColumns { get; } =
    [
        RecordColumns.RecordId, RecordColumns.RunId, RecordColumns.CaseKey, RecordColumns.Assembly, RecordColumns.TestClass,
        RecordColumns.TestMethod, RecordColumns.DisplayName, RecordColumns.Model, RecordColumns.Provider, RecordColumns.PromptType,
        RecordColumns.Difficulty, RecordColumns.TaskType, RecordColumns.FlawType, RecordColumns.ErrorMessage, RecordColumns.Host,
        RecordColumns.Shard, RecordColumns.ExceptionType, RecordColumns.Output,
    ];

    /// <summary>The maps of text <see cref="Estimate"/> counts by <see cref="Map"/>.</summary>
    public static IReadOnlyList<string> TextMapColumns { get; } = [RecordColumns.Dimensions, RecordColumns.Traits];

    /// <summary>The map of numbers <see cref="Estimate"/> counts, <see cref="NumberEntryBytes"/> an entry.</summary>
    public static string NumberMapColumn => RecordColumns.Metrics;

    /// <summary>The estimated bytes <paramref name="record"/> holds (the columns of <see cref="TextColumns"/>, <see cref="TextMapColumns"/> and <see cref="NumberMapColumn"/>).</summary>
    public static long Estimate(ResultRecord record) =>
        FixedBytes
        + (2L * (Length(record.RecordId) + Length(record.RunId) + Length(record.CaseKey) + Length(record.Assembly) + Length(record.TestClass)
            + Length(record.TestMethod) + Length(record.DisplayName) + Length(record.Model) + Length(record.Provider) + Length(record.PromptType)
            + Length(record.Difficulty) + Length(record.TaskType) + Length(record.FlawType) + Length(record.ErrorMessage) + Length(record.Host)
            + Length(record.Shard) + Length(record.ExceptionType) + Length(record.Output)))
        + Map(record.Dimensions) + Map(record.Traits) + (record.Metrics?.Count ?? 0) * NumberEntryBytes;

    /// <summary>The characters of <paramref name="text"/>, none for a null.</summary>
    public static long Length(string? text) => text?.Length ?? 0;

    /// <summary>What a map of text is counted to hold.</summary>
    public static long Map(IReadOnlyDictionary<string, string>? map) =>
        map is null ? 0 : map.Sum(p => 64 + (2L * (p.Key.Length + Length(p.Value))));
}
