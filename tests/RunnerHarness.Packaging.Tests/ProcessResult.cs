using System.Diagnostics;
using System.Text;

namespace RunnerHarness.Packaging.Tests;

/// <summary>One finished process: its exit code, everything it printed (both streams interleaved) and its standard output alone.</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, string Output, string StandardOutput)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>The harness's own variables, which the outer test run must not pass on to the consumer's run.</summary>
    private static readonly string[] HarnessVariables =
    [
        "STORAGE_FORMAT", "RUNNER_HARNESS_STORE", "RUNNER_HARNESS_RUN_ID", "RUNNER_HARNESS_SHARD", "RUNNER_HARNESS_TARGET_SAMPLES",
        "RUNNER_HARNESS_MODELS", "RUNNER_HARNESS_PROMPT_TYPES", "RUNNER_HARNESS_DIFFICULTIES", "RUNNER_HARNESS_TASK_TYPES",
        "RUNNER_HARNESS_MAX_PARALLEL_ROWS", "RUNNER_HARNESS_PROVIDER_LIMITS", "RUNNER_HARNESS_MODELS_CONFIG",
    ];

    /// <summary>Runs <paramref name="fileName"/> in <paramref name="workingDirectory"/> and waits for it.</summary>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in HarnessVariables)
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDTERMINALLOGGER"] = "false";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var commandLine = $"{fileName} {string.Join(' ', start.ArgumentList)}";
        var output = new StringBuilder();
        var standardOutput = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); standardOutput.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{commandLine} did not finish within {Timeout}:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new ProcessResult(commandLine, process.ExitCode, output.ToString(), standardOutput.ToString());
        }
    }

    /// <summary>This result, or an exception with the command line and its output when it did not exit 0.</summary>
    public ProcessResult Succeeded() =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"`{CommandLine}` exited {ExitCode}:\n{Output}");
}
