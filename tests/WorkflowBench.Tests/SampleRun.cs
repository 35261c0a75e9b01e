using RunnerHarness.Schema;
using RunnerHarness.Store;

namespace WorkflowBench.Tests;

/// <summary>One real `dotnet test samples/WorkflowBench` into a store of its own: its exit code, output and records.</summary>
public sealed record SampleRun(int ExitCode, string Output, IReadOnlyList<ResultRecord> Records)
{
    /// <summary>Runs the sample with its default matrix into <paramref name="store"/>, with <paramref name="environment"/> added.</summary>
    public static SampleRun Start(string store, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["RUNNER_HARNESS_STORE"] = store };
        var run = ChildProcess.Run(
            "dotnet",
            ["test", Path.Combine("samples", "WorkflowBench"), "--nologo"],
            RepositoryFolder.Root,
            variables,
            TimeSpan.FromMinutes(10));
        var records = Directory.Exists(store) ? new StoreReader(new StoreLayout(store)).Read().ToList() : [];
        return new SampleRun(run.ExitCode, run.Output, records);
    }
}
