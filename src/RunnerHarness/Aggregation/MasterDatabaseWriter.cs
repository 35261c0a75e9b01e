using System.Globalization;
using System.Text.Json;
using RunnerHarness.Schema;

namespace RunnerHarness.Aggregation;

/// <summary>
/// Writes the seed's cumulative view, <c>master_database.json</c> "format 3.0":
/// <c>models[model].by_prompt_type[p].by_tool_success_rate[r].by_difficulty[d].by_task_type[t]</c> leaves
/// with the seed's field names, plus a top-level <c>summary</c>, so the old analysis scripts keep working.
/// It is an export computed from records, never a store. Differences from the seed (where the seed was
/// wrong) are listed in <c>docs/aggregation.md</c>.
/// </summary>
internal static class MasterDatabaseWriter
{
    /// <summary>The seed format this writer produces.</summary>
    public const string FormatVersion = "3.0";

    // The seed's field names for each category's share of total_errors (not all follow one pattern).
    private static readonly Dictionary<string, string> ShareFieldNames = new(StringComparer.Ordinal)
    {
        [ErrorCategory.ToolCallFormat] = "tool_call_format_error_rate",
        [ErrorCategory.Timeout] = "timeout_error_rate",
        [ErrorCategory.MaxTurns] = "max_turns_error_rate",
        [ErrorCategory.ToolSelection] = "tool_selection_error_rate",
        [ErrorCategory.ParameterConfig] = "parameter_error_rate",
        [ErrorCategory.SequenceOrder] = "sequence_error_rate",
        [ErrorCategory.Dependency] = "dependency_error_rate",
        [ErrorCategory.Other] = "other_error_rate",
    };

    /// <summary>The columns to read for the export: the default grouping, the statistics and the metrics (for the assisted figures).</summary>
    public static IEnumerable<string> Columns =>
        new CumulativeAggregator(CumulativeGrouping.Default).Columns.Append(RecordColumns.Metrics);

    /// <summary>Aggregates <paramref name="records"/> by the seed's hierarchy and writes the export.</summary>
    public static void Write(IEnumerable<ResultRecord> records, Stream output, DateTimeOffset generatedAt)
    {
        var view = new CumulativeAggregator(CumulativeGrouping.Default).AddRange(records).Build();
        Write(view, output, generatedAt);
    }

    /// <summary>Writes the export of <paramref name="view"/>, which must group by <see cref="CumulativeGrouping.Default"/>.</summary>
    /// <exception cref="ArgumentException">The view groups differently.</exception>
    public static void Write(CumulativeView view, Stream output, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(output);
        if (!view.Dimensions.SequenceEqual(CumulativeGrouping.Default, StringComparer.Ordinal))
        {
            throw new ArgumentException($"The master database export needs the grouping {string.Join(", ", CumulativeGrouping.Default)}.", nameof(view));
        }

        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("version", FormatVersion);
        json.WriteString("last_updated", generatedAt.ToString("O", CultureInfo.InvariantCulture));
        json.WriteStartObject("models");
        foreach (var model in view.GroupsAt(1))
        {
            WriteModel(json, view, model);
        }

        json.WriteEndObject();
        WriteSummary(json, view);
        json.WriteEndObject();
    }

    private static void WriteModel(Utf8JsonWriter json, CumulativeView view, GroupRow model)
    {
        var s = model.Statistics;
        json.WriteStartObject(model.Label(0));
        json.WriteString("model_name", model.Label(0));
        WriteTime(json, "first_test_time", s.FirstFinishedAt);
        WriteTime(json, "last_test_time", s.LastFinishedAt);
        json.WriteNumber("total_tests", s.Total);
        json.WriteNumber("total_success", s.Success);
        json.WriteNumber("total_failure", s.Failed);
        WriteNumber(json, "overall_success_rate", s.SuccessRate.Rate);
        WriteNumber(json, "avg_execution_time", Seconds(s.Means.DurationMs));
        WriteNumber(json, "tool_coverage_rate", s.Means.ToolCoverageRate);
        json.WriteNumber("skipped_tests", s.Skipped);
        json.WriteNumber("infrastructure_failures", s.InfrastructureFailures);
        json.WriteStartObject("by_prompt_type");
        foreach (var prompt in view.ChildrenOf(model.Key))
        {
            json.WriteStartObject(prompt.Label(1));
            json.WriteString("prompt_type", prompt.Label(1));
            json.WriteNumber("total_tests", prompt.Statistics.Total);
            json.WriteNumber("total_success", prompt.Statistics.Success);
            WriteNumber(json, "avg_success_rate", prompt.Statistics.SuccessRate.Rate);
            json.WriteStartObject("by_tool_success_rate");
            foreach (var rate in view.ChildrenOf(prompt.Key))
            {
                json.WriteStartObject(rate.Label(2));
                WriteNumber(json, "tool_success_rate", rate.Key[2] is { } r ? double.Parse(r, CultureInfo.InvariantCulture) : null);
                json.WriteStartObject("by_difficulty");
                foreach (var difficulty in view.ChildrenOf(rate.Key))
                {
                    json.WriteStartObject(difficulty.Label(3));
                    json.WriteString("difficulty", difficulty.Label(3));
                    json.WriteStartObject("by_task_type");
                    foreach (var task in view.ChildrenOf(difficulty.Key))
                    {
                        json.WriteStartObject(task.Label(4));
                        json.WriteString("task_type", task.Label(4));
                        WriteLeaf(json, task.Statistics);
                        json.WriteEndObject();
                    }

                    json.WriteEndObject();
                    json.WriteEndObject();
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteLeaf(Utf8JsonWriter json, GroupStatistics s)
    {
        json.WriteNumber("total", s.Total);
        json.WriteNumber("success", s.Success);
        json.WriteNumber("full_success", s.FullSuccess);
        json.WriteNumber("partial_success", s.PartialSuccess);

        // The seed wrote both spellings in different versions; old scripts read either.
        json.WriteNumber("partial", s.PartialSuccess);
        json.WriteNumber("failed", s.Failed);
        json.WriteNumber("failure", s.Failed);
        WriteNumber(json, "success_rate", s.SuccessRate.Rate);
        WriteNumber(json, "full_success_rate", s.FullSuccessRate.Rate);
        WriteNumber(json, "partial_success_rate", s.PartialSuccessRate.Rate);
        WriteNumber(json, "failure_rate", s.FailureRate.Rate);
        WriteNumber(json, "weighted_success_score", s.WeightedSuccessScore);
        WriteInterval(json, "success_rate_wilson_95", s.SuccessRate.Interval);
        WriteNumber(json, "avg_execution_time", Seconds(s.Means.DurationMs));
        WriteNumber(json, "avg_turns", s.Means.Turns);
        WriteNumber(json, "avg_tool_calls", s.Means.ToolCalls);
        WriteNumber(json, "tool_coverage_rate", s.Means.ToolCoverageRate);
        WriteNumber(json, "avg_workflow_score", s.Means.WorkflowScore);
        WriteNumber(json, "avg_phase2_score", s.Means.Phase2Score);
        WriteNumber(json, "avg_quality_score", s.Means.QualityScore);
        WriteNumber(json, "avg_final_score", s.Means.FinalScore);
        json.WriteNumber("total_errors", s.TotalErrors);
        foreach (var error in s.Errors)
        {
            json.WriteNumber(error.Category + "_errors", error.Count);
        }

        foreach (var error in s.Errors)
        {
            WriteNumber(json, ShareFieldNames[error.Category], error.ShareOfErrors);
        }

        var a = s.Assistance;
        json.WriteNumber("assisted_failure", a.AssistedFailure);
        json.WriteNumber("assisted_success", a.AssistedSuccess);
        json.WriteNumber("total_assisted_turns", a.TotalAssistedTurns);
        json.WriteNumber("tests_with_assistance", a.TestsWithAssistance);
        WriteNumber(json, "avg_assisted_turns", a.TestsWithAssistance == 0 ? null : a.TotalAssistedTurns / a.TestsWithAssistance);
        WriteNumber(json, "assisted_success_rate", a.TestsWithAssistance == 0 ? null : (double)a.AssistedSuccess / a.TestsWithAssistance);
        WriteNumber(json, "assistance_rate", s.Total == 0 ? null : (double)a.TestsWithAssistance / s.Total);
        json.WriteNumber("skipped_tests", s.Skipped);
        json.WriteNumber("infrastructure_failures", s.InfrastructureFailures);
    }

    private static void WriteSummary(Utf8JsonWriter json, CumulativeView view)
    {
        var s = view.Totals;
        json.WriteStartObject("summary");
        json.WriteNumber("total_tests", s.Total);
        json.WriteNumber("total_success", s.Success);
        json.WriteNumber("total_full_success", s.FullSuccess);
        json.WriteNumber("total_partial_success", s.PartialSuccess);
        json.WriteNumber("total_failure", s.Failed);
        json.WriteNumber("total_models", view.GroupsAt(1).Count);
        json.WriteStartArray("models_tested");
        foreach (var model in view.GroupsAt(1))
        {
            json.WriteStringValue(model.Label(0));
        }

        json.WriteEndArray();
        WriteNumber(json, "overall_success_rate", s.SuccessRate.Rate);
        WriteNumber(json, "weighted_success_score", s.WeightedSuccessScore);
        json.WriteNumber("skipped_tests", s.Skipped);
        json.WriteNumber("infrastructure_failures", s.InfrastructureFailures);
        json.WriteEndObject();
    }

    private static double? Seconds(double? milliseconds) => milliseconds / 1000;

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteInterval(Utf8JsonWriter json, string name, ConfidenceInterval? interval)
    {
        if (interval is not { } i)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartArray(name);
        json.WriteNumberValue(i.Lower);
        json.WriteNumberValue(i.Upper);
        json.WriteEndArray();
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTime? value)
    {
        if (value is { } v)
        {
            json.WriteString(name, v.ToString("O", CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
