namespace RunnerHarness.Testing;

/// <summary>One finished process: its command line, exit code, everything it printed (both streams interleaved) and its standard output alone.</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, string Output, string StandardOutput)
{
    /// <summary>This result, or an exception with the command line and its output when it did not exit 0.</summary>
    public ProcessResult Succeeded() =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"`{CommandLine}` exited {ExitCode}:\n{Output}");
}
