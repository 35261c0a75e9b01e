using RunnerHarness.Models.Cache;
using RunnerHarness.Models.Configuration;
using RunnerHarness.Models.Pipeline;
using RunnerHarness.Schema;

namespace RunnerHarness.Xunit.Recording;

/// <summary>
/// Which exceptions that end a test are failures of the harness or a provider rather than of the model: a
/// <see cref="ModelProviderException"/> keeps its category (<c>provider_error</c>, <c>rate_limited</c>); a models file that
/// cannot serve the call (<see cref="ModelsConfigurationException"/>: a model it does not name, a key variable unset) and
/// an offline cache miss (<see cref="ResponseCacheMissException"/>) are <c>harness_error</c>. Such a record is left out of
/// every model rate and run again by top-up, whichever test met it (a model batch's row or a plain theory).
/// </summary>
internal static class InfrastructureFailures
{
    /// <summary>The category and message <paramref name="exception"/> (or an exception inside it) stands for, or <see langword="null"/> for a model's or test's own failure.</summary>
    public static (string Category, string Message)? Of(Exception? exception)
    {
        switch (exception)
        {
            case null:
                return null;
            case ModelProviderException provider:
                return (provider.Category, provider.Message);
            case ModelsConfigurationException or ResponseCacheMissException:
                return (ErrorCategory.HarnessError, exception.Message);
            case AggregateException aggregate:
                return aggregate.InnerExceptions.Select(Of).FirstOrDefault(f => f is not null);
            default:
                return Of(exception.InnerException);
        }
    }
}
