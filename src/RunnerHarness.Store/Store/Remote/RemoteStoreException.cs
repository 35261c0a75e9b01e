namespace RunnerHarness.Store.Remote;

/// <summary>
/// A store in object storage cannot be used: a bad URL, no account or credentials in the environment, the
/// RunnerHarness.ObjectStorage assembly missing, or a listing, download or upload that failed. The message names the URL
/// and, for a copy, each file; never a credential.
/// </summary>
internal sealed class RemoteStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RemoteStoreException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RemoteStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public RemoteStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
