using BenchmarkDotNet.Attributes;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Tests;

namespace RunnerHarness.Benchmarks.Store;

/// <summary>
/// What <see cref="RecordWriter.Append(ResultRecord)"/> costs the calling thread (a test thread): the queue hand-off,
/// and with write-through (the xUnit extension's mode) the serialization and write system call.
/// The operation is one append.
/// </summary>
[Config(typeof(StoreBenchmarkConfig))]
public class AppendBenchmarks
{
    private const int AppendsPerInvoke = 10_000;
    private RecordWriter? _writer;
    private ResultRecord[] _records = [];
    private string _store = "";

    /// <summary>Whether Append writes the record itself before returning.</summary>
    [Params(false, true)]
    public bool WriteThrough { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _store = Path.Combine(Path.GetTempPath(), "runner-harness-bench", Guid.NewGuid().ToString("N"));
        _writer = RecordWriter.Open(new StoreLayout(_store), SampleHoldings.Rule, StorageFormat.Json, "append-bench", options: new RecordWriterOptions { WriteThrough = WriteThrough });
        _records = [.. TestRecords.Varied(AppendsPerInvoke)];
    }

    [Benchmark(OperationsPerInvoke = AppendsPerInvoke)]
    public void Append()
    {
        foreach (var record in _records)
        {
            _writer!.Append(record);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer!.Complete();
        Directory.Delete(_store, recursive: true);
    }
}
