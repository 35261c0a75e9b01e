namespace RunnerHarness.Cli;

/// <summary>A command stopped for a reason the user can act on; the message is shown and <see cref="ExitCode"/> returned.</summary>
public sealed class CommandFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CommandFailedException(int exitCode, string message, Exception? inner = null)
        : base(message, inner) => ExitCode = exitCode;

    /// <summary>The exit code to return, one of <see cref="ExitCodes"/>.</summary>
    public int ExitCode { get; }
}
