namespace RunnerHarness.Store;

/// <summary>The store cannot be written: missing or read-only directory, disk full, or a run id already in use by a live writer.</summary>
internal class StoreWriteException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreWriteException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StoreWriteException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public StoreWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
