namespace RunnerHarness.Models.Cache;

/// <summary>
/// In <see cref="ResponseCacheMode.Offline"/> mode, a call found no cached answer. It is not a provider failure: the
/// sample fails with this message, which names the model, the sample and the cache directory.
/// </summary>
public sealed class ResponseCacheMissException : Exception
{
    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ResponseCacheMissException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public ResponseCacheMissException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ResponseCacheMissException()
        : base("The response cache has no answer for this call and the cache is offline.")
    {
    }
}
