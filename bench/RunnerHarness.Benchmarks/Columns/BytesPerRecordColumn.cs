using System.Collections.Concurrent;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Benchmarks.Columns;

/// <summary>
/// The size of a sealed file of the benchmark's <c>Format</c>, per record, or JSON Lines' size over
/// it. Benchmarks run in child processes, so the host writes the same records once per format to
/// measure it; cases without a <c>Format</c> parameter show a dash.
/// </summary>
public sealed class BytesPerRecordColumn(bool relativeToJsonLines) : IColumn
{
    private static readonly ConcurrentDictionary<StorageFormat, double> Sizes = new();
    private static readonly Lazy<List<ResultRecord>> Records = new(BenchmarkRecords.Create);

    /// <inheritdoc />
    public string Id => nameof(BytesPerRecordColumn) + (relativeToJsonLines ? ".Ratio" : "");

    /// <inheritdoc />
    public string ColumnName => relativeToJsonLines ? "JSONL/this size" : "Bytes/record";

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => relativeToJsonLines ? 2 : 1;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => relativeToJsonLines
        ? "JSON Lines bytes per record over this format's, for the same records"
        : "Sealed file bytes per record";

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        if (benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Format")?.Value is not StorageFormat format)
        {
            return "-";
        }

        var size = Size(format);
        return relativeToJsonLines
            ? (Size(StorageFormat.Json) / size).ToString("F1", CultureInfo.InvariantCulture)
            : size.ToString("F1", CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) => true;

    private static double Size(StorageFormat format) => Sizes.GetOrAdd(format, f =>
    {
        var writer = BenchmarkRecords.Writer(f);
        var path = BenchmarkRecords.TempPath(writer.Extension);
        try
        {
            return BenchmarkRecords.Write(writer, Records.Value, path) / (double)BenchmarkRecords.Count;
        }
        finally
        {
            File.Delete(path);
        }
    });
}
