using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using RunnerHarness.Benchmarks.Columns;

namespace RunnerHarness.Benchmarks;

/// <summary>
/// The columns the store benchmarks report beside the timings: records per second and, for writes,
/// bytes per record and the size against JSON Lines. The job comes from the command line
/// (e.g. <c>--job short</c>); each operation takes seconds, so the default job is long.
/// </summary>
public sealed class StoreBenchmarkConfig : ManualConfig
{
    /// <summary>Creates the configuration.</summary>
    public StoreBenchmarkConfig()
    {
        AddColumn(new RecordsPerSecondColumn(), new BytesPerRecordColumn(relativeToJsonLines: false), new BytesPerRecordColumn(relativeToJsonLines: true));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
