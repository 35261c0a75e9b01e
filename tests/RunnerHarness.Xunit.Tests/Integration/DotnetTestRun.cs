using System.Diagnostics;
using System.Text;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>One finished `dotnet test` process: its exit code and everything it printed.</summary>
public sealed record DotnetTestRun(int ExitCode, string Output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>Runs `dotnet test` with <paramref name="arguments"/> and extra environment variables, without building.</summary>
    public static DotnetTestRun Start(string project, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = FixtureProjects.RepositoryRoot,
        };
        foreach (var argument in new[] { "test", project, "--no-build", "--nologo" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        // The outer test run's own harness variables must not leak into the fixture's run.
        foreach (var name in new[] { "STORAGE_FORMAT", "RUNNER_HARNESS_STORE", "RUNNER_HARNESS_RUN_ID", "RUNNER_HARNESS_SHARD", "RUNNER_HARNESS_TARGET_SAMPLES", "FIXTURE_CRASH" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDTERMINALLOGGER"] = "false";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet test {project} did not finish within {Timeout}:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new DotnetTestRun(process.ExitCode, output.ToString());
        }
    }
}
