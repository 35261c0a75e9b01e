using System.Text.Json.Serialization;

namespace RunnerHarness.Store.Transcripts;

/// <summary>One transcript message as a Parquet row (<see cref="TranscriptColumns"/>), for Parquet.Net's class serializer.</summary>
internal sealed class TranscriptParquetRow
{
    [JsonPropertyName(TranscriptColumns.RecordId)]
    public string RecordId { get; set; } = "";

    [JsonPropertyName(TranscriptColumns.Sequence)]
    public int Sequence { get; set; }

    [JsonPropertyName(TranscriptColumns.Kind)]
    public string Kind { get; set; } = "";

    [JsonPropertyName(TranscriptColumns.Role)]
    public string Role { get; set; } = "";

    [JsonPropertyName(TranscriptColumns.Model)]
    public string? Model { get; set; }

    [JsonPropertyName(TranscriptColumns.Content)]
    public string? Content { get; set; }

    [JsonPropertyName(TranscriptColumns.ToolCalls)]
    public string? ToolCalls { get; set; }

    [JsonPropertyName(TranscriptColumns.ToolCallId)]
    public string? ToolCallId { get; set; }

    [JsonPropertyName(TranscriptColumns.Truncated)]
    public bool Truncated { get; set; }
}
