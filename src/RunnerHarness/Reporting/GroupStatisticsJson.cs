using System.Text.Json;
using RunnerHarness.Aggregation;

namespace RunnerHarness.Reporting;

/// <summary>
/// The JSON shape of <see cref="GroupStatistics"/>, shared by the JSON report and the CLI's <c>--json</c>
/// outputs so a script reads one shape everywhere. Names are snake_case; absent values are <c>null</c>.
/// </summary>
internal static class GroupStatisticsJson
{
    /// <summary>Writes the properties of <paramref name="s"/> into the object <paramref name="json"/> has open.</summary>
    public static void WriteProperties(Utf8JsonWriter json, GroupStatistics s)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(s);
        json.WriteNumber("records", s.Records);
        json.WriteNumber("total", s.Total);
        json.WriteNumber("success", s.Success);
        json.WriteNumber("full_success", s.FullSuccess);
        json.WriteNumber("partial_success", s.PartialSuccess);
        json.WriteNumber("failed", s.Failed);
        json.WriteNumber("skipped", s.Skipped);
        json.WriteNumber("infrastructure_failures", s.InfrastructureFailures);
        if (s.Replayed > 0)
        {
            json.WriteNumber("replayed", s.Replayed);
        }
        json.WriteStartObject("infrastructure_by_category");
        foreach (var (category, count) in s.InfrastructureByCategory.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteNumber(category, count);
        }

        json.WriteEndObject();
        WriteProportion(json, "success_rate", s.SuccessRate);
        WriteProportion(json, "full_success_rate", s.FullSuccessRate);
        WriteProportion(json, "partial_success_rate", s.PartialSuccessRate);
        WriteProportion(json, "failure_rate", s.FailureRate);
        WriteNumber(json, "weighted_success_score", s.WeightedSuccessScore);
        json.WriteStartObject("means");
        WriteNumber(json, "duration_ms", s.Means.DurationMs);
        WriteNumber(json, "turns", s.Means.Turns);
        WriteNumber(json, "tool_calls", s.Means.ToolCalls);
        WriteNumber(json, "workflow_score", s.Means.WorkflowScore);
        WriteNumber(json, "phase2_score", s.Means.Phase2Score);
        WriteNumber(json, "quality_score", s.Means.QualityScore);
        WriteNumber(json, "final_score", s.Means.FinalScore);
        WriteNumber(json, "tool_coverage_rate", s.Means.ToolCoverageRate);
        json.WriteEndObject();
        json.WriteNumber("total_errors", s.TotalErrors);
        json.WriteStartObject("errors");
        foreach (var error in s.Errors)
        {
            json.WriteStartObject(error.Category);
            json.WriteNumber("count", error.Count);
            WriteNumber(json, "share_of_errors", error.ShareOfErrors);
            WriteNumber(json, "rate_per_test", error.RatePerTest);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        if (s.Cost.HasCost)
        {
            // Only groups with a cost get the object: a store without prices keeps its shape.
            json.WriteStartObject("cost");
            json.WriteNumber("records", s.Cost.CostedRecords);
            WriteNumber(json, "total_usd", s.Cost.Total);
            WriteNumber(json, "per_sample_usd", s.Cost.PerSampleUsd);
            json.WriteEndObject();
        }
    }

    /// <summary>Writes <paramref name="p"/> as <c>{ "count", "of", "rate", "ci95_lower", "ci95_upper" }</c>.</summary>
    public static void WriteProportion(Utf8JsonWriter json, string name, Proportion p)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(p);
        json.WriteStartObject(name);
        json.WriteNumber("count", p.Count);
        json.WriteNumber("of", p.Total);
        WriteNumber(json, "rate", p.Rate);
        WriteNumber(json, "ci95_lower", p.Interval?.Lower);
        WriteNumber(json, "ci95_upper", p.Interval?.Upper);
        json.WriteEndObject();
    }

    /// <summary>Writes a key object, dimension name to value (<c>null</c> when missing).</summary>
    public static void WriteKey(Utf8JsonWriter json, string name, IReadOnlyList<string> dimensions, IReadOnlyList<string?> key)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(key);
        json.WriteStartObject(name);
        for (var i = 0; i < key.Count; i++)
        {
            json.WriteString(dimensions[i], key[i]);
        }

        json.WriteEndObject();
    }

    /// <summary>Writes a number, or <c>null</c>.</summary>
    public static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
