namespace RunnerHarness.Store;

/// <summary>A migration's result does not hold exactly the records the store held before it.</summary>
internal sealed class StoreMigrationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreMigrationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public StoreMigrationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public StoreMigrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
