using System.Text.Json.Serialization;

namespace RunnerHarness.Models.Limits;

/// <summary>What the lease file of one provider holds: the requests in flight on the machine and the recent sends.</summary>
internal sealed class LeaseBoardState
{
    /// <summary>The provider, for people reading the file (kind and endpoint; never a key).</summary>
    [JsonPropertyName("provider")]
    public string Provider { get; set; } = "";

    /// <summary>The requests in flight.</summary>
    [JsonPropertyName("leases")]
    public List<LeaseEntry> Leases { get; init; } = [];

    /// <summary>When finished requests were sent (microseconds of the monotonic clock), while they still count against the rate.</summary>
    [JsonPropertyName("sends")]
    public List<long> Sends { get; init; } = [];
}
