using System.Globalization;
using RunnerHarness.Aggregation;

namespace RunnerHarness.Reporting;

/// <summary>
/// Writes a report as CSV (RFC 4180): a header, then one row per group with its dimension values and
/// every figure as a plain number (rates from 0 to 1, round-trip precision, invariant culture).
/// Totals are not a row, so the file sums and filters cleanly in a spreadsheet or pandas.
/// </summary>
internal sealed class CsvReportWriter : IReportWriter
{
    /// <inheritdoc />
    public string FormatName => "csv";

    /// <inheritdoc />
    public string FileExtension => ".csv";

    /// <inheritdoc />
    public void Write(Report report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var header = new List<string>(report.View.Dimensions)
        {
            "records", "total", "success", "full_success", "partial_success", "failed", "skipped", "infrastructure_failures",
        };
        foreach (var rate in RateNames)
        {
            header.AddRange([rate, rate + "_ci95_lower", rate + "_ci95_upper"]);
        }

        header.AddRange([
            "weighted_success_score", "mean_duration_ms", "mean_turns", "mean_tool_calls", "mean_workflow_score",
            "mean_phase2_score", "mean_quality_score", "mean_final_score", "mean_tool_coverage_rate", "total_errors",
        ]);
        foreach (var category in ReportText.ErrorCategories)
        {
            header.AddRange([category + "_errors", category + "_share_of_errors", category + "_rate_per_test"]);
        }

        // Cost columns only when a record has a cost, like the other formats: a store without prices keeps its header.
        var withCost = report.View.Totals.Cost.HasCost;
        if (withCost)
        {
            header.AddRange(["cost_records", "cost_usd", "cost_per_sample_usd"]);
        }

        WriteRow(output, header);
        foreach (var group in report.View.Groups)
        {
            var s = group.Statistics;
            var row = new List<string>(group.Key.Select(k => k ?? string.Empty));
            row.AddRange([.. new[] { s.Records, s.Total, s.Success, s.FullSuccess, s.PartialSuccess, s.Failed, s.Skipped, s.InfrastructureFailures }.Select(Integer)]);
            foreach (var p in new[] { s.SuccessRate, s.FullSuccessRate, s.PartialSuccessRate, s.FailureRate })
            {
                row.AddRange([Real(p.Rate), Real(p.Interval?.Lower), Real(p.Interval?.Upper)]);
            }

            var m = s.Means;
            row.AddRange([
                Real(s.WeightedSuccessScore), Real(m.DurationMs), Real(m.Turns), Real(m.ToolCalls), Real(m.WorkflowScore),
                Real(m.Phase2Score), Real(m.QualityScore), Real(m.FinalScore), Real(m.ToolCoverageRate), Integer(s.TotalErrors),
            ]);
            foreach (var error in s.Errors)
            {
                row.AddRange([Integer(error.Count), Real(error.ShareOfErrors), Real(error.RatePerTest)]);
            }

            if (withCost)
            {
                row.AddRange([Integer(s.Cost.CostedRecords), Real(s.Cost.Total), Real(s.Cost.PerSampleUsd)]);
            }

            WriteRow(output, row);
        }
    }

    private static readonly string[] RateNames = ["success_rate", "full_success_rate", "partial_success_rate", "failure_rate"];

    private static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Real(double? value) => value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>Writes one record with the product's one CSV rule (<see cref="CsvField"/>).</summary>
    internal static void WriteRow(TextWriter output, IEnumerable<string> fields) => CsvField.WriteRow(output, fields);
}
