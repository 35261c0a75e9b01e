using System.Text.Json;
using RunnerHarness.Aggregation;
using RunnerHarness.Reporting;

namespace RunnerHarness.Cli.Rendering;

/// <summary>The <c>report --by-run --json</c> output: per model its runs in time order, each with its rate and the change from the run before.</summary>
internal static class TrendJsonWriter
{
    /// <summary>Writes <paramref name="trends"/> to <paramref name="output"/>.</summary>
    public static void Write(TextWriter output, RunTrends trends)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(trends);
        JsonOutput.Write(output, json =>
        {
            json.WriteNumber("significance_level", trends.Options.SignificanceLevel);
            json.WriteString("adjustment", ComparisonText.AdjustmentName(trends.Options.Adjustment));
            json.WriteStartArray("models");
            foreach (var model in trends.Models)
            {
                json.WriteStartObject();
                json.WriteString("model", model.Model);
                json.WriteStartArray("runs");
                foreach (var run in model.Runs)
                {
                    WriteRun(json, run);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
    }

    private static void WriteRun(Utf8JsonWriter json, RunPoint run)
    {
        json.WriteStartObject();
        json.WriteString("run_id", run.RunId);
        if (run.FirstFinishedAt is { } at)
        {
            json.WriteString("first_finished_at", at);
        }
        else
        {
            json.WriteNull("first_finished_at");
        }

        json.WriteNumber("results", run.SuccessRate.Total);
        json.WriteNumber("successes", run.SuccessRate.Count);
        Number(json, "success_rate", run.SuccessRate.Rate);
        Number(json, "ci_lower", run.SuccessRate.Interval?.Lower);
        Number(json, "ci_upper", run.SuccessRate.Interval?.Upper);
        if (run.Change is not { } change)
        {
            json.WriteNull("change");
        }
        else
        {
            json.WriteStartObject("change");
            json.WriteString("test", ReportText.TestName(change.Test));
            Number(json, "difference", change.Difference);
            Number(json, "p_value", change.PValue);
            Number(json, "p_adjusted", run.AdjustedPValue);
            json.WriteNumber("pairs", change.Pairs);
            json.WriteNumber("unpaired", change.Unpaired);
            json.WriteBoolean("significant", run.IsSignificant);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
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
}
