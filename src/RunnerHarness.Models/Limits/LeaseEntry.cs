using System.Text.Json.Serialization;

namespace RunnerHarness.Models.Limits;

/// <summary>One request in flight on the machine, as the lease file holds it. Times are microseconds of the machine's monotonic clock.</summary>
internal sealed class LeaseEntry
{
    /// <summary>The lease's id, unique on the machine.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The machine of the owner.</summary>
    [JsonPropertyName("host")]
    public required string Host { get; init; }

    /// <summary>The owner's process id.</summary>
    [JsonPropertyName("pid")]
    public required int Pid { get; init; }

    /// <summary>The owner's start time, UTC ticks: with <see cref="Pid"/>, who the owner is.</summary>
    [JsonPropertyName("process_started")]
    public required long ProcessStarted { get; init; }

    /// <summary>When it was granted.</summary>
    [JsonPropertyName("granted_us")]
    public required long GrantedUs { get; init; }

    /// <summary>When the request left for the provider, once it did; until then it counts against the rate as if sent now.</summary>
    [JsonPropertyName("sent_us")]
    public long? SentUs { get; set; }

    /// <summary>When the lease ends unless its owner renews it.</summary>
    [JsonPropertyName("expires_us")]
    public required long ExpiresUs { get; set; }

    /// <summary>The owner of the lease.</summary>
    [JsonIgnore]
    public LeaseOwner Owner => new(Host, Pid, ProcessStarted);
}
