namespace RunnerHarness.Matrix;

/// <summary>
/// A matrix cannot be used: its definition or config file is invalid, or filters and exclusions leave no rows.
/// The message names the source (file or code), the key or axis at fault and what is valid.
/// </summary>
internal sealed class MatrixDefinitionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MatrixDefinitionException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public MatrixDefinitionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public MatrixDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
