using System.Collections.Concurrent;
using System.Globalization;

namespace RunnerHarness.Schema;

/// <summary>
/// The values a record can be grouped or filtered by: its axis columns (<see cref="RecordAxes"/>), its run, batch,
/// host, shard and result columns and, for any other name, its custom <see cref="ResultRecord.Dimensions"/> entry.
/// </summary>
internal static class RecordDimensions
{
    // The axes first (from the axis table), then the other columns a record can be grouped or filtered by.
    private static readonly Dictionary<string, Func<ResultRecord, string?>> Columns = new(
        RecordAxes.All.Select(a => KeyValuePair.Create<string, Func<ResultRecord, string?>>(a.Column, a.TextOf)),
        StringComparer.Ordinal)
    {
        [RecordColumns.RunId] = r => r.RunId,
        [RecordColumns.CaseKey] = r => r.CaseKey,
        [RecordColumns.Assembly] = r => r.Assembly,
        [RecordColumns.TestClass] = r => r.TestClass,
        [RecordColumns.TestMethod] = r => r.TestMethod,
        [RecordColumns.Host] = r => r.Host,
        [RecordColumns.Shard] = r => r.Shard,
        [RecordColumns.Outcome] = r => RecordValues.ToWire(r.Outcome),
        [RecordColumns.SuccessLevel] = r => r.SuccessLevel is { } level ? RecordValues.ToWire(level) : null,
        [RecordColumns.ErrorCategory] = r => r.ErrorCategory,
    };

    // A matrix has a handful of rates; formatting one per record was a tenth of a report's time.
    private static readonly ConcurrentDictionary<double, string> RateTexts = new();

    /// <summary>The dimension columns, e.g. <c>model</c>, <c>prompt_type</c>.</summary>
    public static IReadOnlyCollection<string> ColumnNames => Columns.Keys;

    /// <summary>Whether <paramref name="name"/> is a dimension column rather than a custom dimension.</summary>
    public static bool IsColumn(string name) => Columns.ContainsKey(name);

    /// <summary>A tool success rate as grouping text: up to three decimals, invariant culture, e.g. <c>0.8</c>.</summary>
    public static string FormatRate(double rate) => RateTexts.TryGetValue(rate, out var text) ? text : FormatNewRate(rate);

    // Reading a ConcurrentDictionary's Count takes all its locks, so the cache's bound is checked only on a miss;
    // a batch or store has a handful of rates, and grouping formats one per record.
    private static string FormatNewRate(double rate)
    {
        var text = rate.ToString("0.###", CultureInfo.InvariantCulture);
        if (RateTexts.Count < 4096)
        {
            RateTexts.TryAdd(rate, text);
        }

        return text;
    }

    /// <summary>The record's value for <paramref name="name"/> as text, or <see langword="null"/> when it has none.</summary>
    public static string? ValueOf(ResultRecord record, string name)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Columns.TryGetValue(name, out var get) ? get(record) : record.Dimensions?.GetValueOrDefault(name);
    }
}
