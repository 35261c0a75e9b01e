using System.Diagnostics;
using System.Text;

namespace RunnerHarness.Testing;

/// <summary>
/// Runs a real child process (dotnet test, the CLI, a packed tool) the way a user's shell would, but without the outer
/// test run's harness settings, and waits for it.
/// </summary>
public static class ChildProcess
{
    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>, with
    /// <paramref name="environment"/> added, and kills its whole tree when it outlives <paramref name="timeout"/>
    /// (default 5 minutes: a guard against a hung child, generous enough for a loaded CI machine).
    /// </summary>
    /// <exception cref="TimeoutException">The process did not finish in time; the message holds what it printed.</exception>
    /// <exception cref="UncategorisedFailureException">The store the process was pointed at holds a failed model record without an error category (<see cref="ProducedStores"/>).</exception>
    public static ProcessResult Run(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromMinutes(5);
        var start = StartInfo(fileName, arguments, workingDirectory, environment);
        var commandLine = $"{fileName} {string.Join(' ', start.ArgumentList)}";
        var output = new StringBuilder();
        var standardOutput = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); standardOutput.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        var since = DateTime.UtcNow;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{commandLine} did not finish within {limit}:\n{output}");
        }

        process.WaitForExit();
        if (ProducedStores.StoreOf(start.ArgumentList, environment, workingDirectory) is { } store)
        {
            ProducedStores.Check(store, since, commandLine);
        }

        lock (output)
        {
            return new ProcessResult(commandLine, process.ExitCode, output.ToString(), standardOutput.ToString());
        }
    }

    /// <summary>
    /// Runs <c>dotnet</c> with <paramref name="arguments"/> (e.g. <c>msbuild -t:RunnerHarnessShards</c>, or
    /// <c>test samples/WorkflowBench</c>) from the repository's root, with <paramref name="environment"/> added.
    /// </summary>
    /// <inheritdoc cref="Run" path="/exception"/>
    public static ProcessResult Dotnet(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null) =>
        Run("dotnet", arguments, RepositoryFolder.Root, environment, timeout);

    /// <summary>Runs <c>dotnet test</c> of <paramref name="project"/> (already built) with <paramref name="arguments"/> and <paramref name="environment"/> added.</summary>
    /// <inheritdoc cref="Run" path="/exception"/>
    public static ProcessResult DotnetTest(string project, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        Dotnet(["test", project, "--no-build", "--nologo", .. arguments], environment);

    /// <summary>How <see cref="Dotnet"/> starts <c>dotnet</c>; for tests that watch it as it runs.</summary>
    public static ProcessStartInfo DotnetStartInfo(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        StartInfo("dotnet", arguments, RepositoryFolder.Root, environment);

    /// <summary>
    /// How <see cref="Run"/> starts <paramref name="fileName"/>: output redirected, in <paramref name="workingDirectory"/>,
    /// without the outer run's harness variables, plus <paramref name="environment"/>; for tests that watch a child as it runs.
    /// </summary>
    public static ProcessStartInfo StartInfo(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
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

        // The outer test run's harness, sample and fixture settings must not leak into the child's run.
        foreach (var name in start.Environment.Keys.Where(IsHarnessVariable).ToList())
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

        return start;
    }

    private static bool IsHarnessVariable(string name) =>
        name.StartsWith("RUNNER_HARNESS_", StringComparison.Ordinal)
        || name.StartsWith("FIXTURE_", StringComparison.Ordinal)
        || name is "STORAGE_FORMAT" or "WorkflowBenchMatrix";
}
