namespace RunnerHarness.Models.Configuration;

/// <summary>
/// The models configuration cannot be used: the file is missing or malformed, a value is out of range, a model the run
/// needs is not named, or a key variable is unset. The message names the file, the entry, the bad value and what is valid,
/// and never contains a key.
/// </summary>
public sealed class ModelsConfigurationException : Exception
{
    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public ModelsConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and its cause.</summary>
    public ModelsConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ModelsConfigurationException()
        : base("The models configuration is invalid.")
    {
    }
}
