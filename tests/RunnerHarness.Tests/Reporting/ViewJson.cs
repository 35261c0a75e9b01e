using System.Text;
using System.Text.Json;
using RunnerHarness.Aggregation;
using RunnerHarness.Reporting;

namespace RunnerHarness.Tests.Reporting;

/// <summary>A view's groups as the JSON report writes them: what tests compare to the last digit between two ways of building it.</summary>
internal static class ViewJson
{
    /// <summary>Every group of every level of <paramref name="view"/>, its key and statistics in the JSON report's shape.</summary>
    public static string Of(CumulativeView view)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            for (var depth = 0; depth <= view.Dimensions.Count; depth++)
            {
                foreach (var group in view.GroupsAt(depth))
                {
                    json.WriteStartObject();
                    json.WriteString("key", string.Join("|", group.Key.Select(k => k ?? "(none)")));
                    GroupStatisticsJson.WriteProperties(json, group.Statistics);
                    json.WriteEndObject();
                }
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
