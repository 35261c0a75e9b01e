using System.Text;
using System.Text.Json;
using RunnerHarness.Aggregation;
using RunnerHarness.Matrix;
using RunnerHarness.Schema;

namespace RunnerHarness.Reporting.Html;

/// <summary>
/// The embedded records of the interactive report as one JSON document: per axis its distinct values, per record a row
/// (result class, item, one value index per axis) and its other fields (nulls left out, long text cut to
/// <see cref="TextLimit"/> characters) and its transcript when embedded (message text cut the same way). The default encoder escapes <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c>, so the
/// document cannot close the <c>script</c> element it sits in.
/// </summary>
internal static class HtmlReportData
{
    /// <summary>The most characters of a text field (output, error message) a record carries in the page.</summary>
    public const int TextLimit = 2_000;

    private static readonly IReadOnlySet<string> ModelAxes = new HashSet<string>([RecordColumns.Model, RecordColumns.Provider, RecordColumns.ModelId], StringComparer.Ordinal);

    private static readonly string[] FixedAxes =
    [
        RecordColumns.Model, RecordColumns.Provider, RecordColumns.ModelId, RecordColumns.PromptType, RecordColumns.Difficulty,
        RecordColumns.TaskType, RecordColumns.ToolSuccessRate, RecordColumns.FlawType, RecordColumns.RunId, RecordColumns.TestMethod,
        RecordColumns.Host, RecordColumns.ErrorCategory,
    ];

    /// <summary>Writes the document of <paramref name="records"/> to <paramref name="output"/>.</summary>
    public static void Write(TextWriter output, IReadOnlyList<ResultRecord> records, ReportTranscripts transcripts)
    {
        ArgumentNullException.ThrowIfNull(transcripts);
        var axes = FixedAxes
            .Concat(records.SelectMany(r => r.Dimensions?.Keys ?? Enumerable.Empty<string>()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
                .Where(d => !FixedAxes.Contains(d, StringComparer.Ordinal)))
            .ToArray();
        var values = axes.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        var items = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new int[records.Count][];
        for (var r = 0; r < records.Count; r++)
        {
            var record = records[r];
            var row = new int[2 + axes.Length];
            row[0] = (int)ResultClassifier.Classify(record);
            row[1] = Index(items, CaseKey.ItemOf(record, ModelAxes));
            for (var a = 0; a < axes.Length; a++)
            {
                var value = axes[a] == RecordColumns.ModelId ? record.ModelId : RecordDimensions.ValueOf(record, axes[a]);
                row[2 + a] = value is null ? -1 : Index(values[a], value);
            }

            rows[r] = row;
        }

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartArray("axes");
            foreach (var axis in axes)
            {
                json.WriteStringValue(axis);
            }

            json.WriteEndArray();
            json.WriteStartArray("values");
            foreach (var axis in values)
            {
                WriteStrings(json, axis);
            }

            json.WriteEndArray();
            json.WritePropertyName("items");
            WriteStrings(json, items);
            json.WriteStartArray("rows");
            foreach (var row in rows)
            {
                json.WriteStartArray();
                foreach (var value in row)
                {
                    json.WriteNumberValue(value);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteStartArray("details");
            foreach (var record in records)
            {
                WriteDetail(json, record);
            }

            json.WriteEndArray();

            // Per record: its messages, {"left_out":true} when the page's cap left its transcript out, or null for none stored.
            json.WriteStartArray("transcripts");
            foreach (var record in records)
            {
                WriteTranscript(json, record.RecordId, transcripts);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.Write(Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
    }

    private static int Index(Dictionary<string, int> table, string value)
    {
        if (!table.TryGetValue(value, out var index))
        {
            index = table.Count;
            table.Add(value, index);
        }

        return index;
    }

    private static void WriteStrings(Utf8JsonWriter json, Dictionary<string, int> table)
    {
        json.WriteStartArray();
        foreach (var value in table.OrderBy(p => p.Value).Select(p => p.Key))
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    // The fields the row does not already carry; the page shows them when a sample is opened.
    private static void WriteDetail(Utf8JsonWriter json, ResultRecord r)
    {
        json.WriteStartObject();
        Text(json, RecordColumns.RecordId, r.RecordId);
        Text(json, RecordColumns.CaseKey, r.CaseKey);
        Text(json, RecordColumns.Assembly, r.Assembly);
        Text(json, RecordColumns.TestClass, r.TestClass);
        Text(json, RecordColumns.DisplayName, r.DisplayName);
        Text(json, RecordColumns.Outcome, RecordValues.ToWire(r.Outcome));
        Text(json, RecordColumns.SuccessLevel, r.SuccessLevel is { } level ? RecordValues.ToWire(level) : null);
        Text(json, RecordColumns.StartedAt, r.StartedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Text(json, RecordColumns.FinishedAt, r.FinishedAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Number(json, RecordColumns.DurationMs, r.DurationMs);
        Number(json, RecordColumns.SampleIndex, r.SampleIndex);
        Number(json, RecordColumns.Attempt, r.Attempt);
        Text(json, RecordColumns.ErrorCategory, r.ErrorCategory);
        Text(json, RecordColumns.ErrorMessage, r.ErrorMessage);
        Text(json, RecordColumns.ExceptionType, r.ExceptionType);
        Number(json, RecordColumns.Turns, r.Turns);
        Number(json, RecordColumns.ToolCalls, r.ToolCalls);
        Number(json, RecordColumns.WorkflowScore, r.WorkflowScore);
        Number(json, RecordColumns.Phase2Score, r.Phase2Score);
        Number(json, RecordColumns.QualityScore, r.QualityScore);
        Number(json, RecordColumns.FinalScore, r.FinalScore);
        Number(json, RecordColumns.ToolCoverageRate, r.ToolCoverageRate);
        Number(json, RecordColumns.InputTokens, r.InputTokens);
        Number(json, RecordColumns.OutputTokens, r.OutputTokens);
        Number(json, RecordColumns.CostUsd, r.CostUsd);
        Text(json, RecordColumns.ResponseModel, r.ResponseModel);
        Text(json, RecordColumns.Shard, r.Shard);
        Map(json, RecordColumns.Metrics, r.Metrics, (w, v) => w.WriteNumberValue(v));
        Map(json, RecordColumns.Traits, r.Traits, (w, v) => w.WriteStringValue(Cut(v)));
        Text(json, RecordColumns.Output, r.Output);
        json.WriteEndObject();
    }

    private static void WriteTranscript(Utf8JsonWriter json, string recordId, ReportTranscripts transcripts)
    {
        if (transcripts.Of(recordId) is not { } messages)
        {
            if (transcripts.IsLeftOut(recordId))
            {
                json.WriteStartObject();
                json.WriteBoolean("left_out", true);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNullValue();
            }

            return;
        }

        json.WriteStartArray();
        foreach (var message in messages)
        {
            json.WriteStartObject();
            Text(json, "role", message.Role);
            Text(json, "kind", message.Kind);
            Text(json, "model", message.Model);
            Text(json, "content", message.Content);
            if (message.ToolCalls.Count > 0)
            {
                json.WriteStartArray("tool_calls");
                foreach (var call in message.ToolCalls)
                {
                    json.WriteStartObject();
                    Text(json, "id", call.Id);
                    Text(json, "name", call.Name);
                    Text(json, "arguments", call.Arguments);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            Text(json, "tool_call_id", message.ToolCallId);
            if (message.Truncated)
            {
                json.WriteBoolean("truncated", true);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void Text(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, Cut(value));
        }
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
    }

    private static void Map<T>(Utf8JsonWriter json, string name, Dictionary<string, T>? map, Action<Utf8JsonWriter, T> write)
    {
        if (map is not { Count: > 0 })
        {
            return;
        }

        json.WriteStartObject(name);
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WritePropertyName(key);
            write(json, value);
        }

        json.WriteEndObject();
    }

    private static string Cut(string text) =>
        text.Length <= TextLimit ? text : string.Concat(text.AsSpan(0, TextLimit), $"... [cut: {text.Length:N0} characters in the store]");
}
