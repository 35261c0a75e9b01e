namespace RunnerHarness.Models.Configuration;

/// <summary>
/// One provider of the models file, validated. Every limit and retry setting has a documented default
/// (<c>docs/models.md</c>); the key variables are names of environment variables, never keys.
/// </summary>
public sealed record ProviderDefinition
{
    /// <summary>Default of <see cref="MaxConcurrency"/>.</summary>
    public const int DefaultMaxConcurrency = 4;

    /// <summary>Default of <see cref="MaxRetries"/>.</summary>
    public const int DefaultMaxRetries = 6;

    /// <summary>Default of <see cref="RetryAfterCap"/>, in seconds.</summary>
    public const double DefaultRetryAfterCapSeconds = 60;

    /// <summary>Default of <see cref="InitialBackoff"/>, in milliseconds.</summary>
    public const double DefaultInitialBackoffMilliseconds = 1000;

    /// <summary>Default of <see cref="MaxBackoff"/>, in seconds.</summary>
    public const double DefaultMaxBackoffSeconds = 30;

    /// <summary>Default of <see cref="RequestTimeout"/>, in seconds.</summary>
    public const double DefaultRequestTimeoutSeconds = 120;

    /// <summary>Default of <see cref="BreakerFailures"/>.</summary>
    public const int DefaultBreakerFailures = 10;

    /// <summary>Default of <see cref="BreakerCoolDown"/>, in seconds.</summary>
    public const double DefaultBreakerCoolDownSeconds = 30;

    /// <summary>The provider name used in the models file and in records.</summary>
    public required string Name { get; init; }

    /// <summary>How the provider is called.</summary>
    public required ProviderKind Kind { get; init; }

    /// <summary>The API base URL, e.g. <c>http://127.0.0.1:8080/v1</c>; <see langword="null"/> for simulated providers and the default OpenAI endpoint.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Names of the environment variables holding the keys, spread over by the key pool. Empty: requests carry no key.</summary>
    public IReadOnlyList<string> ApiKeyVariables { get; init; } = [];

    /// <summary>
    /// Requests in flight at once on the machine, all processes together (machine-wide leases; divided by the fleet
    /// size), and the adaptive limit's ceiling in each process. Default: <see cref="DefaultMaxConcurrency"/>.
    /// </summary>
    public int MaxConcurrency { get; init; } = DefaultMaxConcurrency;

    /// <summary>Requests sent in any one-second window on the machine, all processes together, or <see langword="null"/> for no rate limit (the default).</summary>
    public int? RequestsPerSecond { get; init; }

    /// <summary>Retries after the first attempt on 429, 5xx, timeouts and connection failures. Default: <see cref="DefaultMaxRetries"/>.</summary>
    public int MaxRetries { get; init; } = DefaultMaxRetries;

    /// <summary>The longest <c>Retry-After</c> honoured; a longer one is cut to this. Default: <see cref="DefaultRetryAfterCapSeconds"/> s.</summary>
    public TimeSpan RetryAfterCap { get; init; } = TimeSpan.FromSeconds(DefaultRetryAfterCapSeconds);

    /// <summary>The first backoff delay; it doubles per retry, with jitter. Default: <see cref="DefaultInitialBackoffMilliseconds"/> ms.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(DefaultInitialBackoffMilliseconds);

    /// <summary>The longest backoff delay. Default: <see cref="DefaultMaxBackoffSeconds"/> s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(DefaultMaxBackoffSeconds);

    /// <summary>How long one attempt may take before it counts as a timeout and is retried. Default: <see cref="DefaultRequestTimeoutSeconds"/> s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(DefaultRequestTimeoutSeconds);

    /// <summary>
    /// Attempts in a row ending in a provider fault (5xx, 408, a timeout, a connection failure, a malformed answer) that
    /// open the provider's circuit breaker; 0 turns the breaker off. Default: <see cref="DefaultBreakerFailures"/>.
    /// </summary>
    public int BreakerFailures { get; init; } = DefaultBreakerFailures;

    /// <summary>How long the open breaker sends nothing before it lets one probe through. Default: <see cref="DefaultBreakerCoolDownSeconds"/> s.</summary>
    public TimeSpan BreakerCoolDown { get; init; } = TimeSpan.FromSeconds(DefaultBreakerCoolDownSeconds);

    /// <summary>Simulated providers only: the seed mixed into every decision. Default: 0.</summary>
    public int Seed { get; init; }

    /// <summary>Simulated providers only: whether answers take about as long as a real provider's. Default: <see langword="false"/>.</summary>
    public bool RealisticLatency { get; init; }

    /// <summary>The spelling of <see cref="Kind"/> in the models file.</summary>
    public string KindName => ProviderKinds.NameOf(Kind);
}
