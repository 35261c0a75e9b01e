using RunnerHarness.Schema;
using RunnerHarness.Store;

namespace RunnerHarness.ObjectStorage.Tests.Hosting;

/// <summary>
/// The sample run once, on a machine of its own, into a local store as run <c>ci-run-1</c>: what the sharded runs into a
/// URL store must match, whichever service holds it. A class fixture, so that the tests of both services share one run
/// (a `dotnet test` of the sample, ~3.5 s of CPU) instead of making the same one each; it starts when a test first asks.
/// </summary>
public sealed class LocalSampleRun : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rh-urllocal-").FullName;
    private readonly Lazy<Task<List<ResultRecord>>> _records;

    /// <summary>Prepares the run; nothing runs until <see cref="RecordsAsync"/>.</summary>
    public LocalSampleRun() => _records = new(() => Task.Run(Run));

    /// <summary>The records of the local run, starting it on the first call (a failed run fails every caller, naming its output).</summary>
    public Task<List<ResultRecord>> RecordsAsync() => _records.Value;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private List<ResultRecord> Run()
    {
        var reference = SampleMachine.Create(_root, "reference");
        var store = Path.Combine(reference.Folder, "store");
        var run = reference.Run(new Dictionary<string, string> { ["RUNNER_HARNESS_STORE"] = store, ["RUNNER_HARNESS_RUN_ID"] = "ci-run-1" });
        Assert.True(run.ExitCode == 0, run.Output);
        return new StoreReader(new StoreLayout(store)).Read().ToList();
    }
}
