using System.Text;
using System.Text.Json;

namespace RunnerHarness.Reporting;

/// <summary>
/// Writes a report as one JSON object: <c>title</c>, <c>generated_at</c>, <c>source</c>, <c>filters</c>,
/// <c>notes</c>, <c>dimensions</c>, <c>totals</c> and <c>groups</c> (each with its <c>key</c> and the
/// <see cref="GroupStatisticsJson"/> properties). Documented in <c>docs/cli.md</c>.
/// </summary>
internal sealed class JsonReportWriter : IReportWriter
{
    /// <inheritdoc />
    public string FormatName => "json";

    /// <inheritdoc />
    public string FileExtension => ".json";

    /// <inheritdoc />
    public void Write(Report report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("title", report.Title);
            json.WriteString("generated_at", ReportText.Timestamp(report.GeneratedAt));
            json.WriteString("source", report.Source);
            WriteStrings(json, "filters", report.Filters);
            WriteStrings(json, "notes", report.Notes);
            WriteStrings(json, "dimensions", report.View.Dimensions);
            json.WriteStartObject("totals");
            GroupStatisticsJson.WriteProperties(json, report.View.Totals);
            json.WriteEndObject();
            json.WriteStartArray("groups");
            foreach (var group in report.View.Groups)
            {
                json.WriteStartObject();
                GroupStatisticsJson.WriteKey(json, "key", report.View.Dimensions, group.Key);
                GroupStatisticsJson.WriteProperties(json, group.Statistics);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.Write('\n');
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
