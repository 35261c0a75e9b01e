namespace RunnerHarness.Settings;

/// <summary>A setting has a value the harness cannot use. The message names the setting, its source, the value and what is valid.</summary>
internal sealed class HarnessSettingsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public HarnessSettingsException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public HarnessSettingsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public HarnessSettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
