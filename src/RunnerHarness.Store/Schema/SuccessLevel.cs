using System.Text.Json.Serialization;

namespace RunnerHarness.Schema;

/// <summary>
/// How well a model did on one sample. <c>success</c> in every report counts
/// <see cref="FullSuccess"/> and <see cref="PartialSuccess"/> together; the two are also kept apart.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<SuccessLevel>))]
public enum SuccessLevel
{
    /// <summary>The task was completed in full.</summary>
    [JsonStringEnumMemberName("full_success")]
    FullSuccess,

    /// <summary>The task was completed in part.</summary>
    [JsonStringEnumMemberName("partial_success")]
    PartialSuccess,

    /// <summary>The task was not completed.</summary>
    [JsonStringEnumMemberName("failure")]
    Failure,
}
