using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Store.Parquet;
using RunnerHarness.Tests;

namespace RunnerHarness.Benchmarks;

/// <summary>What every store benchmark shares: the record count, the records, the writers.</summary>
internal static class BenchmarkRecords
{
    /// <summary>Records per benchmark operation batch: a large sealed segment.</summary>
    public const int Count = 1_000_000;

    /// <summary><see cref="Count"/> varied, deterministic records (the tests' <see cref="TestRecords"/>).</summary>
    public static List<ResultRecord> Create() => TestRecords.Varied(Count);

    /// <summary>The writer of <paramref name="format"/>.</summary>
    public static ISegmentWriter Writer(StorageFormat format) => format switch
    {
        StorageFormat.Json => new JsonLinesSegmentWriter(),
        StorageFormat.Parquet => new ParquetSegmentWriter(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>Writes <paramref name="records"/> to <paramref name="path"/> as a sealed file; returns its length.</summary>
    public static long Write(ISegmentWriter writer, IReadOnlyList<ResultRecord> records, string path)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        writer.Write(records, stream);
        stream.Flush();
        return stream.Length;
    }

    /// <summary>A fresh path under the temp directory with <paramref name="extension"/>.</summary>
    public static string TempPath(string extension) =>
        Path.Combine(Path.GetTempPath(), $"runnerharness-bench-{Guid.NewGuid():N}{extension}");
}
