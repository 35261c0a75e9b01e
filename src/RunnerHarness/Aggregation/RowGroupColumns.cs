using System.Runtime.CompilerServices;
using RunnerHarness.Schema;
using RunnerHarness.Store.Parquet;

namespace RunnerHarness.Aggregation;

/// <summary>
/// The columns of one decoded Parquet row group that <see cref="IRecordRow"/> reads, each as the value its record would
/// hold: enums parsed from their wire spellings once per distinct string, timestamps made the record's UTC microsecond
/// instant, an absent column null. <see cref="Load"/> points it at the next row group; its own arrays are reused.
/// </summary>
internal sealed class RowGroupColumns
{
    // What a record whose outcome column is null holds: the value of a new record (the builder's default).
    private static readonly TestOutcome DefaultOutcome = new ResultRecordBuilder().Outcome;

    private TestOutcome[] _outcomes = [];
    private SuccessLevel?[] _successLevels = [];
    private DateTime?[] _finishedAt = [];

    /// <summary>Each row's outcome.</summary>
    public TestOutcome[] Outcomes => _outcomes;

    /// <summary>Each row's success level.</summary>
    public SuccessLevel?[] SuccessLevels => _successLevels;

    /// <summary>Each row's <c>finished_at</c>, as its record holds it.</summary>
    public DateTime?[] FinishedAt => _finishedAt;

    /// <summary>Each row's <c>error_category</c>; <see langword="null"/> when the read has no such column.</summary>
    public string?[]? ErrorCategories { get; private set; }

    /// <summary>Each row's <c>run_id</c>, or <see langword="null"/>.</summary>
    public string?[]? RunIds { get; private set; }

    /// <summary>Each row's <c>duration_ms</c>, or <see langword="null"/>.</summary>
    public double?[]? DurationMs { get; private set; }

    /// <summary>Each row's <c>turns</c>, or <see langword="null"/>.</summary>
    public int?[]? Turns { get; private set; }

    /// <summary>Each row's <c>tool_calls</c>, or <see langword="null"/>.</summary>
    public int?[]? ToolCalls { get; private set; }

    /// <summary>Each row's <c>workflow_score</c>, or <see langword="null"/>.</summary>
    public double?[]? WorkflowScores { get; private set; }

    /// <summary>Each row's <c>phase2_score</c>, or <see langword="null"/>.</summary>
    public double?[]? Phase2Scores { get; private set; }

    /// <summary>Each row's <c>quality_score</c>, or <see langword="null"/>.</summary>
    public double?[]? QualityScores { get; private set; }

    /// <summary>Each row's <c>final_score</c>, or <see langword="null"/>.</summary>
    public double?[]? FinalScores { get; private set; }

    /// <summary>Each row's <c>tool_coverage_rate</c>, or <see langword="null"/>.</summary>
    public double?[]? ToolCoverageRates { get; private set; }

    /// <summary>Each row's <c>cost_usd</c>, or <see langword="null"/>.</summary>
    public double?[]? CostUsd { get; private set; }

    /// <summary>Each row's <c>metrics</c>, or <see langword="null"/>.</summary>
    public Dictionary<string, double>?[]? Metrics { get; private set; }

    /// <summary>Points these columns at <paramref name="rowGroup"/>'s.</summary>
    public void Load(ParquetRowGroup rowGroup)
    {
        ArgumentNullException.ThrowIfNull(rowGroup);
        var rows = rowGroup.RowCount;
        Grow(ref _outcomes, rows);
        Grow(ref _successLevels, rows);
        Grow(ref _finishedAt, rows);
        Parse(rowGroup.Texts(RecordColumns.Outcome), _outcomes, rows, DefaultOutcome);
        ParseNullable(rowGroup.Texts(RecordColumns.SuccessLevel), _successLevels, rows);
        Timestamps(rowGroup.Values<DateTime>(RecordColumns.FinishedAt), _finishedAt, rows);
        ErrorCategories = rowGroup.Texts(RecordColumns.ErrorCategory);
        RunIds = rowGroup.Texts(RecordColumns.RunId);
        DurationMs = rowGroup.Values<double>(RecordColumns.DurationMs);
        Turns = rowGroup.Values<int>(RecordColumns.Turns);
        ToolCalls = rowGroup.Values<int>(RecordColumns.ToolCalls);
        WorkflowScores = rowGroup.Values<double>(RecordColumns.WorkflowScore);
        Phase2Scores = rowGroup.Values<double>(RecordColumns.Phase2Score);
        QualityScores = rowGroup.Values<double>(RecordColumns.QualityScore);
        FinalScores = rowGroup.Values<double>(RecordColumns.FinalScore);
        ToolCoverageRates = rowGroup.Values<double>(RecordColumns.ToolCoverageRate);
        CostUsd = rowGroup.Values<double>(RecordColumns.CostUsd);
        Metrics = rowGroup.Maps<double>(RecordColumns.Metrics);
    }

    private static void Grow<T>(ref T[] array, int rows)
    {
        if (array.Length < rows)
        {
            array = new T[rows];
        }
    }

    // A row group's strings of a dictionary-encoded column are one instance per distinct value, so each distinct instance
    // is parsed once: the few spellings seen so far are found by reference, and only an instance not among them is parsed.
    private static void Parse<TEnum>(string?[]? wire, TEnum[] result, int rows, TEnum absent)
        where TEnum : struct, Enum
    {
        var seen = new ParsedSpellings<TEnum>();
        for (var row = 0; row < rows; row++)
        {
            result[row] = wire?[row] is { } text ? seen.Parse(text) : absent;
        }
    }

    private static void ParseNullable<TEnum>(string?[]? wire, TEnum?[] result, int rows)
        where TEnum : struct, Enum
    {
        var seen = new ParsedSpellings<TEnum>();
        for (var row = 0; row < rows; row++)
        {
            result[row] = wire?[row] is { } text ? seen.Parse(text) : null;
        }
    }

    // The last few distinct string instances parsed, and their values.
    private struct ParsedSpellings<TEnum>
        where TEnum : struct, Enum
    {
        private const int Capacity = 8;
        private string?[]? _texts;
        private TEnum[]? _values;
        private int _count;

        public TEnum Parse(string text)
        {
            _texts ??= new string?[Capacity];
            _values ??= new TEnum[Capacity];
            for (var i = 0; i < _count; i++)
            {
                if (ReferenceEquals(_texts[i], text))
                {
                    return _values[i];
                }
            }

            var value = WireEnum<TEnum>.Parse(text);
            var slot = _count < Capacity ? _count++ : Capacity - 1;
            _texts[slot] = text;
            _values[slot] = value;
            return value;
        }
    }

    // As the reader's column sets it on the record (a UTC instant) and the record keeps it (to the microsecond).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Timestamps(DateTime?[]? stored, DateTime?[] result, int rows)
    {
        for (var row = 0; row < rows; row++)
        {
            result[row] = stored?[row] is { } value ? RecordTimestamp.Normalize(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
        }
    }
}
