using RunnerHarness.Schema;

namespace RunnerHarness.Store;

/// <summary>
/// The columns every store writer has written in every file since the first release, in both formats.
/// A file lacking one of them was damaged (a flipped bit renamed the column), not written by an older
/// version, so readers report it instead of reading the column as null. This list is history: a
/// column added to the schema later is NOT added here, because files written before it lack it.
/// </summary>
internal static class WrittenColumns
{
    /// <summary>The columns of record format version 1, which every writer writes.</summary>
    public static IReadOnlyList<string> Always { get; } =
    [
        RecordColumns.FormatVersion, RecordColumns.RecordId, RecordColumns.RunId, RecordColumns.CaseKey, RecordColumns.Assembly,
        RecordColumns.TestClass, RecordColumns.TestMethod, RecordColumns.DisplayName, RecordColumns.Outcome, RecordColumns.StartedAt,
        RecordColumns.FinishedAt, RecordColumns.DurationMs, RecordColumns.Model, RecordColumns.Provider, RecordColumns.PromptType,
        RecordColumns.Difficulty, RecordColumns.TaskType, RecordColumns.ToolSuccessRate, RecordColumns.FlawType, RecordColumns.SampleIndex,
        RecordColumns.SuccessLevel, RecordColumns.ErrorCategory, RecordColumns.ErrorMessage, RecordColumns.Turns, RecordColumns.ToolCalls,
        RecordColumns.WorkflowScore, RecordColumns.Phase2Score, RecordColumns.QualityScore, RecordColumns.FinalScore,
        RecordColumns.ToolCoverageRate, RecordColumns.InputTokens, RecordColumns.OutputTokens, RecordColumns.Attempt, RecordColumns.Host,
        RecordColumns.ProcessId, RecordColumns.Shard, RecordColumns.Dimensions, RecordColumns.Metrics, RecordColumns.ExceptionType,
        RecordColumns.Output, RecordColumns.Traits, RecordColumns.Reconstructed,
    ];

    private static readonly Dictionary<string, int> Index = Always.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);

    /// <summary>The position of <paramref name="column"/> in <see cref="Always"/>, or -1.</summary>
    public static int IndexOf(ReadOnlySpan<char> column) =>
        Index.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(column, out var index) ? index : -1;

    /// <summary>
    /// What is wrong with a file whose columns are <paramref name="columns"/>, or <see langword="null"/>:
    /// a column of <see cref="Always"/> is missing, or (when <paramref name="allowUnknown"/> is false) a
    /// column is not in the schema at all.
    /// </summary>
    public static string? Damage(IReadOnlyCollection<string> columns, bool allowUnknown)
    {
        var missing = Always.Where(c => !columns.Contains(c)).ToArray();
        if (missing.Length > 0)
        {
            return $"the column(s) {string.Join(", ", missing)} that every writer writes are missing";
        }

        var unknown = allowUnknown ? [] : columns.Where(c => !RecordSchema.IsColumn(c)).ToArray();
        return unknown.Length > 0 ? $"the column(s) {string.Join(", ", unknown)} are not in the record schema" : null;
    }
}
