namespace RunnerHarness.Store;

/// <summary>
/// A live process already writes the run and scope a writer was opened for. The store does not know where run
/// ids and shards come from; the layer that chose them says how to choose others.
/// </summary>
internal sealed class WriterInUseException : StoreWriteException
{
    /// <summary>Creates the exception.</summary>
    public WriterInUseException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public WriterInUseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public WriterInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the writer <paramref name="identity"/> names.</summary>
    public WriterInUseException(WriterIdentity identity, string message)
        : base(message) => Identity = identity;

    /// <summary>The writer that is already live; <see langword="null"/> when not given.</summary>
    public WriterIdentity? Identity { get; }
}
