using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using RunnerHarness.Schema;

namespace RunnerHarness.Models.Pipeline;

/// <summary>
/// What went wrong with one attempt, in the harness's terms: the infrastructure category (<c>rate_limited</c> or
/// <c>provider_error</c>), whether another attempt may succeed, and the <c>Retry-After</c> the provider asked for.
/// </summary>
/// <param name="Category">An infrastructure category of <see cref="ErrorCategory"/>.</param>
/// <param name="IsRetryable">Whether the attempt is retried: 429, 408, 5xx, timeouts and connection failures are; other 4xx are not.</param>
/// <param name="RetryAfter">The provider's <c>retry-after-ms</c> or <c>Retry-After</c>, uncapped, or <see langword="null"/>.</param>
/// <param name="Description">What happened, without any key, e.g. <c>HTTP 429</c>.</param>
/// <param name="RejectsKey">The provider refused the key (401, 403): the key pool sets it aside and the call goes on with another key.</param>
/// <param name="Sent">Whether a request reached the network; <see langword="false"/> for a call turned away before it.</param>
internal sealed record ProviderFailure(string Category, bool IsRetryable, TimeSpan? RetryAfter, string Description, bool RejectsKey = false, bool Sent = true)
{
    /// <summary>The key a request took was set aside (another request got 401/403 with it) while this one waited for its permits; not sent.</summary>
    public static ProviderFailure KeySetAside { get; } = new(ErrorCategory.ProviderError, false, null, "its key was rejected while it waited", RejectsKey: true, Sent: false);

    /// <summary>
    /// Whether the failure says the provider is unwell (5xx, 408, a timeout, a connection failure, a malformed answer), which
    /// the circuit breaker counts; a rate limit or a refusal of the request itself (4xx) is an answer of a working provider.
    /// </summary>
    public bool IsProviderFault => Sent && Category == ErrorCategory.ProviderError && IsRetryable;

    /// <summary>The failure of a call whose every key the provider rejected: <paramref name="variables"/> name them.</summary>
    public static ProviderFailure AllKeysRejected(IEnumerable<string> variables) => new(
        ErrorCategory.ProviderError,
        IsRetryable: false,
        RetryAfter: null,
        $"all keys were rejected (HTTP 401/403): {string.Join(", ", variables)} are set aside for the rest of the run; check or replace those keys",
        Sent: false);

    /// <summary>
    /// The failure <paramref name="exception"/> stands for, or <see langword="null"/> when it is not a provider failure
    /// (a bug or a misuse, which must surface as it is). <paramref name="timedOut"/>: the attempt's own timeout fired.
    /// </summary>
    public static ProviderFailure? From(Exception exception, bool timedOut, TimeProvider time)
    {
        switch (exception)
        {
            case OperationCanceledException when timedOut:
                return new ProviderFailure(ErrorCategory.ProviderError, true, null, "the request timed out");
            case ClientResultException { Status: 429 } result:
                return new ProviderFailure(ErrorCategory.RateLimited, true, RetryAfterOf(result.GetRawResponse(), time), "HTTP 429 (rate limited)");
            case ClientResultException { Status: 0 } result:
                return new ProviderFailure(ErrorCategory.ProviderError, true, null, $"no response ({result.InnerException?.GetType().Name ?? "connection failure"})");
            case ClientResultException { Status: 408 or >= 500 } result:
                return new ProviderFailure(ErrorCategory.ProviderError, true, RetryAfterOf(result.GetRawResponse(), time), string.Create(CultureInfo.InvariantCulture, $"HTTP {result.Status}"));
            case ClientResultException { Status: 401 or 403 } result:
                return new ProviderFailure(ErrorCategory.ProviderError, false, null, string.Create(CultureInfo.InvariantCulture, $"HTTP {result.Status}"), RejectsKey: true);
            case ClientResultException result:
                return new ProviderFailure(ErrorCategory.ProviderError, false, null, string.Create(CultureInfo.InvariantCulture, $"HTTP {result.Status}"));
            case HttpRequestException or IOException:
                return new ProviderFailure(ErrorCategory.ProviderError, true, null, $"connection failure ({exception.GetType().Name})");
            case System.Text.Json.JsonException:
                return new ProviderFailure(ErrorCategory.ProviderError, true, null, "a malformed answer");
            default:
                return null;
        }
    }

    /// <summary><c>retry-after-ms</c> (OpenAI's) or <c>Retry-After</c> in seconds or as an HTTP date; <see langword="null"/> when absent or unreadable.</summary>
    public static TimeSpan? RetryAfterOf(PipelineResponse? response, TimeProvider time)
    {
        if (response is null)
        {
            return null;
        }

        if (response.Headers.TryGetValue("retry-after-ms", out var milliseconds)
            && double.TryParse(milliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        if (!response.Headers.TryGetValue("Retry-After", out var value) || value is null)
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return seconds > TimeSpan.MaxValue.TotalSeconds / 2 ? TimeSpan.MaxValue / 2 : TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? (date - time.GetUtcNow()) is { Ticks: > 0 } delta ? delta : TimeSpan.Zero
            : null;
    }
}
