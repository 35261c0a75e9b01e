using System.Globalization;
using System.Text.Json;

namespace RunnerHarness.Interop;

/// <summary>
/// Checks every value a <c>master_database.json</c> import would turn into records before one is
/// written: counts are whole, not negative, and sum (checked, without overflow) to at most the record
/// limit; rates lie in 0..1; means are finite and not negative (null means absent). Each bad value is named by its JSON path.
/// </summary>
internal static class MasterDatabaseValidation
{
    private const int Listed = 10;

    private static readonly string[] Counts =
        ["total", "full_success", "partial_success", "partial", "failed", "failure",
         "tool_call_format_errors", "timeout_errors", "max_turns_errors", "tool_selection_errors",
         "parameter_config_errors", "sequence_order_errors", "dependency_errors", "other_errors"];

    private static readonly string[] Rates = ["tool_coverage_rate", "avg_tool_coverage_rate"];

    private static readonly string[] Means =
        ["avg_execution_time", "avg_turns", "avg_tool_calls", "avg_workflow_score", "avg_phase2_score", "avg_quality_score", "avg_final_score"];

    /// <exception cref="FormatException">A value is out of range or the records would exceed the limit; the message lists the JSON paths.</exception>
    public static void Check(string path, IEnumerable<MasterDatabaseImporter.Leaf> leaves, MasterDatabaseImportLimits limits)
    {
        var errors = new List<string>();
        long records = 0;
        var overflow = false;
        foreach (var leaf in leaves)
        {
            var at = leaf.JsonPath;
            foreach (var name in Counts)
            {
                if (leaf.Statistics.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null && CountProblem(value, limits.MaxRecords) is { } problem)
                {
                    errors.Add($"{at}.{name} = {value.GetRawText()}: {problem}");
                }
            }

            foreach (var name in Rates)
            {
                if (leaf.Statistics.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null && !(value.ValueKind == JsonValueKind.Number && value.GetDouble() is >= 0 and <= 1))
                {
                    errors.Add($"{at}.{name} = {value.GetRawText()}: a rate must be a number from 0 to 1");
                }
            }

            foreach (var name in Means)
            {
                if (leaf.Statistics.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null && !(value.ValueKind == JsonValueKind.Number && double.IsFinite(value.GetDouble()) && value.GetDouble() >= 0))
                {
                    errors.Add($"{at}.{name} = {value.GetRawText()}: a mean must be a finite number, 0 or more");
                }
            }

            if (leaf.Statistics.TryGetProperty("total", out var total) && total.ValueKind == JsonValueKind.Number && total.TryGetInt64(out var count) && count > 0)
            {
                try
                {
                    records = checked(records + count);
                }
                catch (OverflowException)
                {
                    overflow = true;
                }
            }
        }

        if (overflow || records > limits.MaxRecords)
        {
            var asked = overflow ? "more than 2^63" : records.ToString(CultureInfo.InvariantCulture);
            errors.Insert(0, $"the totals ask for {asked} records, above the import limit of {limits.MaxRecords} (raise it with --max-records if the file is genuine)");
        }

        if (errors.Count > 0)
        {
            var more = errors.Count > Listed ? $"\n  ... and {errors.Count - Listed} more" : "";
            throw new FormatException($"{path} was not imported; nothing was written:\n  {string.Join("\n  ", errors.Take(Listed))}{more}");
        }
    }

    private static string? CountProblem(JsonElement value, long max) =>
        value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var count) ? "a count must be a whole number"
        : count < 0 ? "a count cannot be negative"
        : count > max ? $"a count cannot exceed the import limit of {max} records"
        : null;
}
