using BenchmarkDotNet.Attributes;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Benchmarks.Store;

/// <summary>
/// Sealed-write throughput per format: 1,000,000 records written to one file. The operation is one
/// record, so Mean is the time per record and Records/s its inverse; Bytes/record is the file size.
/// </summary>
[Config(typeof(StoreBenchmarkConfig))]
public class SegmentWriteBenchmarks
{
    private List<ResultRecord> _records = [];
    private ISegmentWriter? _writer;
    private string _path = "";

    /// <summary>The format written.</summary>
    [Params(StorageFormat.Json, StorageFormat.Parquet)]
    public StorageFormat Format { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _records = BenchmarkRecords.Create();
        _writer = BenchmarkRecords.Writer(Format);
        _path = BenchmarkRecords.TempPath(_writer.Extension);
    }

    [Benchmark(OperationsPerInvoke = BenchmarkRecords.Count)]
    public long WriteSealedSegment() => BenchmarkRecords.Write(_writer!, _records, _path);

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);
}
