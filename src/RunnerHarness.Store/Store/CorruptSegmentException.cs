namespace RunnerHarness.Store;

/// <summary>A store file cannot be read: truncated, not of its format, or with an unexpected schema.</summary>
public sealed class CorruptSegmentException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CorruptSegmentException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CorruptSegmentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public CorruptSegmentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
