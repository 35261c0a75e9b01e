namespace RunnerHarness.Models.Pipeline;

/// <summary>
/// A model call failed for an infrastructure reason after every retry: the provider kept rate-limiting
/// (<c>rate_limited</c>) or kept failing (<c>provider_error</c>: 5xx, timeouts, connection failures, malformed answers,
/// or a refused request such as 401). The sample is recorded as failed with <see cref="Category"/>, left out of model
/// scores, and run again by the next top-up. The message names the provider, model and attempts, never a key.
/// </summary>
public sealed class ModelProviderException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelProviderException(string category, string provider, string model, int attempts, string message, Exception? innerException)
        : base(message, innerException)
    {
        Category = category;
        Provider = provider;
        Model = model;
        Attempts = attempts;
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ModelProviderException()
        : this(Schema.ErrorCategory.ProviderError, "unknown", "unknown", 0, "A model call failed at the provider.", null)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ModelProviderException(string message)
        : this(Schema.ErrorCategory.ProviderError, "unknown", "unknown", 0, message, null)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public ModelProviderException(string message, Exception innerException)
        : this(Schema.ErrorCategory.ProviderError, "unknown", "unknown", 0, message, innerException)
    {
    }

    /// <summary>The infrastructure category: <c>rate_limited</c> or <c>provider_error</c>.</summary>
    public string Category { get; }

    /// <summary>The provider name from the models file.</summary>
    public string Provider { get; }

    /// <summary>The model name the test asked for.</summary>
    public string Model { get; }

    /// <summary>Attempts made, the first included.</summary>
    public int Attempts { get; }
}
