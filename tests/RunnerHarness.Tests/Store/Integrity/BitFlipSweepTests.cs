using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Tests.Store.Integrity;

/// <summary>
/// Flips one bit at a time at positions spread over a sealed file (and every byte of a Parquet
/// footer's tail) and reads the store after each: the file is either reported damaged or reads back
/// exactly as written, never with different values.
/// </summary>
public sealed class BitFlipSweepTests : IDisposable
{
    private const int Positions = 240;
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(StorageFormat.Parquet)]
    [InlineData(StorageFormat.Json)]
    public void BitFlipSweep_SealedFile_EveryFlipIsReportedDamagedOrReadsTheOriginalValues(StorageFormat format)
    {
        var layout = new StoreLayout(_directory.Path);
        using (var writer = RecordWriter.Open(layout, SampleHoldings.Rule, format, "run-20261128-0001"))
        {
            TestRecords.Varied(60).ForEach(writer.Append);
        }

        var file = Assert.Single(layout.DataFiles());
        var original = File.ReadAllBytes(file);
        var expected = StoreFiles.Lines(new StoreReader(layout).Read());
        var outcomes = new Dictionary<string, int>();
        foreach (var position in SweepPositions(original.Length))
        {
            var bit = (int)(position % 8);
            File.WriteAllBytes(file, original);
            StoreFiles.FlipBit(file, position, bit);

            var reader = new StoreReader(layout);
            var read = StoreFiles.Lines(reader.Read());
            var reported = reader.Problems.Any(p => p.Kind == StoreProblemKind.CorruptFile);
            var outcome = reported && read.Count == 0 ? "reported damaged"
                : !reported && read.SequenceEqual(expected) ? "read exactly the original"
                : $"DIFFERENT VALUES at byte {position} bit {bit}: {read.Count} records, problems [{string.Join("; ", reader.Problems)}]";
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        Assert.All(outcomes.Keys, k => Assert.DoesNotContain("DIFFERENT", k, StringComparison.Ordinal));
        Assert.Equal(SweepPositions(original.Length).Count(), outcomes.Values.Sum());
    }

    // Evenly over the file, plus each of the last 64 bytes (the footer and its length) and the first 8.
    private static IEnumerable<long> SweepPositions(long length) =>
        Enumerable.Range(0, Positions).Select(i => i * length / Positions)
            .Concat(Enumerable.Range(1, 64).Select(i => length - i))
            .Concat(Enumerable.Range(0, 8).Select(i => (long)i))
            .Where(p => p >= 0 && p < length)
            .Distinct();
}
