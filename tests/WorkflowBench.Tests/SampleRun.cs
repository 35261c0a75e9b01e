using System.Diagnostics;
using System.Text;
using RunnerHarness.Schema;
using RunnerHarness.Store;

namespace WorkflowBench.Tests;

/// <summary>One real `dotnet test samples/WorkflowBench` into a store of its own: its exit code, output and records.</summary>
public sealed record SampleRun(int ExitCode, string Output, IReadOnlyList<ResultRecord> Records)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>The repository root (the directory of RunnerHarness.sln above the test assembly).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Runs the sample with its default matrix into <paramref name="store"/>, with <paramref name="environment"/> added.</summary>
    public static SampleRun Start(string store, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var argument in new[] { "test", Path.Combine("samples", "WorkflowBench"), "--nologo", "-p:MSBuildTerminalLogger=false" })
        {
            start.ArgumentList.Add(argument);
        }

        // The outer run's harness and model settings must not leak into the sample's run.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("RUNNER_HARNESS_", StringComparison.Ordinal) || k is "STORAGE_FORMAT" or "WorkflowBenchMatrix").ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["RUNNER_HARNESS_STORE"] = store;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
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
            throw new TimeoutException($"dotnet test samples/WorkflowBench did not finish within {Timeout}:\n{output}");
        }

        process.WaitForExit();
        var records = Directory.Exists(store) ? new StoreReader(new StoreLayout(store)).Read().ToList() : [];
        lock (output)
        {
            return new SampleRun(process.ExitCode, output.ToString(), records);
        }
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "RunnerHarness.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"No RunnerHarness.sln above {AppContext.BaseDirectory}.");
    }
}
