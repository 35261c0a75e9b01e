using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Tests;

namespace WorkflowBench.Tests;

/// <summary>One real `dotnet test samples/WorkflowBench` into a store of its own: the process and the records it left.</summary>
public sealed record SampleStoreRun(ProcessResult Process, IReadOnlyList<ResultRecord> Records)
{
    /// <summary>Runs the sample with its default matrix into <paramref name="store"/>, with <paramref name="environment"/> added.</summary>
    public static SampleStoreRun Start(string store, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["RUNNER_HARNESS_STORE"] = store };
        var process = ChildProcess.Dotnet(["test", Path.Combine("samples", "WorkflowBench"), "--nologo"], variables, TimeSpan.FromMinutes(10));
        var records = Directory.Exists(store) ? new StoreReader(new StoreLayout(store)).Read().ToList() : [];
        return new SampleStoreRun(process, records);
    }
}
