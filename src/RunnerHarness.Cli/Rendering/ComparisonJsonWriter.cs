using System.Text;
using System.Text.Json;
using RunnerHarness.Aggregation;
using RunnerHarness.Reporting;

namespace RunnerHarness.Cli.Rendering;

/// <summary>The <c>compare --json</c> output: sides, gates, overall and per-cell comparisons.</summary>
internal static class ComparisonJsonWriter
{
    /// <summary>Writes <paramref name="result"/> and the gate outcome to <paramref name="output"/>.</summary>
    public static void Write(TextWriter output, ComparisonResult result, string baseline, string candidate, IReadOnlyList<string> failedGates)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(failedGates);
        JsonOutput.Write(output, json =>
        {
        json.WriteString("baseline", baseline);
        json.WriteString("candidate", candidate);
        json.WriteNumber("significance_level", result.SignificanceLevel);
        json.WriteString("adjustment", ComparisonText.AdjustmentName(result.Options.Adjustment));
        json.WriteNumber("seed", result.Options.Seed);
        if (result.Options.Metric is { } metric)
        {
            json.WriteString("metric", metric.Name);
        }
        else
        {
            json.WriteNull("metric");
        }

        json.WriteNumber("power", DetectableDifference.Power);
        json.WriteStartArray("dimensions");
        foreach (var d in result.Dimensions)
        {
            json.WriteStringValue(d);
        }

        json.WriteEndArray();
        json.WriteBoolean("has_regression", result.HasRegression);
        json.WriteStartArray("failed_gates");
        foreach (var gate in failedGates)
        {
            json.WriteStringValue(gate);
        }

        json.WriteEndArray();
        json.WritePropertyName("overall");
        WriteCell(json, result.Dimensions, result.Overall);
        json.WriteStartArray("cells");
        foreach (var cell in result.Cells)
        {
            WriteCell(json, result.Dimensions, cell);
        }

        json.WriteEndArray();
        });
    }

    private static void WriteCell(Utf8JsonWriter json, IReadOnlyList<string> dimensions, CellComparison cell)
    {
        json.WriteStartObject();
        if (cell.Key.Count > 0)
        {
            GroupStatisticsJson.WriteKey(json, "key", dimensions, cell.Key);
        }

        WriteSide(json, "baseline", cell.Baseline);
        WriteSide(json, "candidate", cell.Candidate);
        GroupStatisticsJson.WriteNumber(json, "change", cell.Test.Difference);
        if (cell.Test.Interval is { } interval)
        {
            json.WriteStartArray("change_interval");
            json.WriteNumberValue(interval.Lower);
            json.WriteNumberValue(interval.Upper);
            json.WriteEndArray();
        }
        else
        {
            json.WriteNull("change_interval");
        }

        GroupStatisticsJson.WriteNumber(json, "p_value", cell.Test.PValue);
        GroupStatisticsJson.WriteNumber(json, "p_adjusted", cell.AdjustedPValue);
        json.WriteString("test", ComparisonText.TestName(cell.Test.Test));
        json.WriteNumber("pairs", cell.Test.Pairs);
        json.WriteNumber("unpaired", cell.Test.Unpaired);
        GroupStatisticsJson.WriteNumber(json, "minimum_detectable_difference", cell.Test.MinimumDetectableDifference);
        json.WriteBoolean("regression", cell.IsRegression);
        json.WriteBoolean("improvement", cell.IsImprovement);
        json.WriteEndObject();
    }

    private static void WriteSide(Utf8JsonWriter json, string name, GroupStatistics? statistics)
    {
        if (statistics is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteNumber("total", statistics.Total);
        json.WriteNumber("success", statistics.Success);
        GroupStatisticsJson.WriteProportion(json, "success_rate", statistics.SuccessRate);
        json.WriteEndObject();
    }
}
