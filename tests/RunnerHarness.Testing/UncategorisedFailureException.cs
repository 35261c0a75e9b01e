namespace RunnerHarness.Testing;

/// <summary>A store the suite produced holds a failed model record without an error category (<see cref="ProducedStores"/>).</summary>
public sealed class UncategorisedFailureException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UncategorisedFailureException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public UncategorisedFailureException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public UncategorisedFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
