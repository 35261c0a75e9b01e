using BenchmarkDotNet.Attributes;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.Parquet;

namespace RunnerHarness.Benchmarks.Store;

/// <summary>
/// Reading 1,000,000 records from one Parquet file with the ten columns of a summary report, and
/// aggregating them the way a report does (count, successes, mean duration per matrix cell).
/// The operation is one record, so Mean is the time per record and Records/s its inverse.
/// </summary>
[Config(typeof(StoreBenchmarkConfig))]
public class ParquetReadBenchmarks
{
    private readonly ParquetSegmentReader _reader = new();
    private string _path = "";

    [GlobalSetup]
    public void Setup()
    {
        // The records are dropped after writing: reading must not pay for a 1M-record heap it does not own.
        _path = BenchmarkRecords.TempPath(StoreLayout.ParquetExtension);
        BenchmarkRecords.Write(BenchmarkRecords.Writer(Settings.StorageFormat.Parquet), BenchmarkRecords.Create(), _path);
    }

    [Benchmark(OperationsPerInvoke = BenchmarkRecords.Count)]
    public int ReadAndAggregateReportColumns()
    {
        var cells = new Dictionary<(string?, string?, string?, string?, double?), Cell>();
        foreach (var record in _reader.Read(_path, BenchmarkRecords.ReportProjection, _ => { }))
        {
            var key = (record.Model, record.PromptType, record.Difficulty, record.TaskType, record.ToolSuccessRate);
            if (!cells.TryGetValue(key, out var cell))
            {
                cell = new Cell();
                cells.Add(key, cell);
            }

            cell.Add(record);
        }

        return cells.Count;
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    private sealed class Cell
    {
        private readonly Dictionary<string, int> _errors = new(StringComparer.Ordinal);
        private int _count;
        private int _successes;
        private double _durationMs;

        public void Add(ResultRecord record)
        {
            _count++;
            _durationMs += record.DurationMs ?? 0;
            if (record.Outcome != TestOutcome.Skipped && record.SuccessLevel is SuccessLevel.FullSuccess or SuccessLevel.PartialSuccess)
            {
                _successes++;
            }

            if (record.ErrorCategory is { } error)
            {
                _errors[error] = _errors.GetValueOrDefault(error) + 1;
            }
        }
    }
}
