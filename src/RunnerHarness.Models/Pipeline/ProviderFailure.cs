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
internal sealed record ProviderFailure(string Category, bool IsRetryable, TimeSpan? RetryAfter, string Description)
{
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
