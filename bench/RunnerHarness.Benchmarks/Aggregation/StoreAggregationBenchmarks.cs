using BenchmarkDotNet.Attributes;
using RunnerHarness.Aggregation;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Benchmarks.Aggregation;

/// <summary>
/// The report path over 1,000,000 records: a <see cref="StoreReader"/> reading only the columns the
/// cumulative view needs, deduplicating by id, into a <see cref="CumulativeAggregator"/> grouped by the
/// seed's five levels. The operation is one record, so Mean is the time per record and Records/s its inverse.
/// </summary>
[Config(typeof(StoreBenchmarkConfig))]
public class StoreAggregationBenchmarks
{
    private StoreLayout? _layout;

    /// <summary>The format of the store's files.</summary>
    [Params(StorageFormat.Parquet, StorageFormat.Json)]
    public StorageFormat Format { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _layout = new StoreLayout(Path.Combine(Path.GetTempPath(), "runner-harness-bench", Guid.NewGuid().ToString("N")));
        var writer = BenchmarkRecords.Writer(Format);
        var file = Path.Combine(_layout.DataDirectory, "bench" + writer.Extension);
        Directory.CreateDirectory(_layout.DataDirectory);
        BenchmarkRecords.Write(writer, BenchmarkRecords.Create(), file);
    }

    [Benchmark(OperationsPerInvoke = BenchmarkRecords.Count)]
    public long ReadAndAggregate()
    {
        var aggregator = new CumulativeAggregator(CumulativeGrouping.Default);
        var query = new RecordQuery { Projection = RecordProjection.Of(aggregator.Columns) };
        return aggregator.AddRange(new StoreReader(_layout!).Read(query)).Build().Totals.Records;
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_layout!.Root, recursive: true);
}
