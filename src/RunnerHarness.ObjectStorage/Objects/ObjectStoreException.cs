namespace RunnerHarness.ObjectStorage.Objects;

/// <summary>
/// An object storage call failed. The message names the store URL, the object and the service's status and error code,
/// never a credential: the service's own exception (whose text may quote request headers) is not kept as the inner exception.
/// </summary>
internal sealed class ObjectStoreException(string message) : Exception(message)
{
    /// <summary>Whether the service answered that the object does not exist (404): one listed may have been deleted since.</summary>
    public bool NotFound { get; init; }
}
