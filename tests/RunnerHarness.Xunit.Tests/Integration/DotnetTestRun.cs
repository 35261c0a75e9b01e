using System.Diagnostics;
using System.Text;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>One finished `dotnet test` process: its exit code and everything it printed.</summary>
public sealed record DotnetTestRun(int ExitCode, string Output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>Runs `dotnet test` with <paramref name="arguments"/> and extra environment variables, without building.</summary>
    public static DotnetTestRun Start(string project, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        Dotnet(new[] { "test", project, "--no-build", "--nologo" }.Concat(arguments), environment);

    /// <summary>Runs `dotnet` with <paramref name="arguments"/> (e.g. `msbuild -t:RunnerHarnessShards`) and extra environment variables.</summary>
    public static DotnetTestRun Dotnet(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var argumentList = arguments.ToList();
        var commandLine = string.Join(' ', argumentList);
        var start = StartInfo(argumentList, environment);
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
            throw new TimeoutException($"dotnet {commandLine} did not finish within {Timeout}:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new DotnetTestRun(process.ExitCode, output.ToString());
        }
    }

    /// <summary>How `dotnet` is started for a fixture: from the repository root, without the outer run's harness variables, plus <paramref name="environment"/>.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = FixtureProjects.RepositoryRoot,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The outer test run's own harness variables must not leak into the fixture's run.
        foreach (var name in new[]
        {
            "STORAGE_FORMAT", "RUNNER_HARNESS_STORE", "RUNNER_HARNESS_RUN_ID", "RUNNER_HARNESS_SHARD", "RUNNER_HARNESS_TARGET_SAMPLES",
            "RUNNER_HARNESS_MODELS", "RUNNER_HARNESS_PROMPT_TYPES", "RUNNER_HARNESS_DIFFICULTIES", "RUNNER_HARNESS_TASK_TYPES",
            "RUNNER_HARNESS_MAX_PARALLEL_ROWS", "RUNNER_HARNESS_PROVIDER_LIMITS", "RUNNER_HARNESS_DEBUG_RUN", "RUNNER_HARNESS_DISCOVER_CELLS",
            "RUNNER_HARNESS_LAUNCH", "FIXTURE_CRASH", "FIXTURE_FAIL_FAST_AFTER", "FIXTURE_HANG_AFTER",
        })
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDTERMINALLOGGER"] = "false";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }
}
