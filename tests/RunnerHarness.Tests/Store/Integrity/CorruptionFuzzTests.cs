using System.Globalization;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Store.Parquet;
using Xunit.Abstractions;

namespace RunnerHarness.Tests.Store.Integrity;

/// <summary>
/// Seeded random damage (bit flips, overwritten, deleted, repeated and zeroed runs, truncation, appended
/// garbage) to sealed Parquet and JSON Lines files, a bounded number of iterations per run (each is one
/// small file read, a few ms). A checksummed file is either reported damaged or reads exactly as written;
/// a file without a checksum (sealed before checksums) may read changed values, which only a checksum can
/// catch, but no read crashes or hangs. RUNNER_HARNESS_FUZZ_SEED and RUNNER_HARNESS_FUZZ_ITERATIONS replay
/// a failure or run longer (tests/soak/corruption-fuzz.sh).
/// </summary>
public sealed class CorruptionFuzzTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(1);
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(StorageFormat.Parquet, 11)]
    [InlineData(StorageFormat.Json, 12)]
    public void Fuzz_ChecksummedFile_EveryMutationIsReportedDamagedOrReadsTheOriginal(StorageFormat format, int seed)
    {
        var layout = new StoreLayout(_directory.Path);
        var file = WriteSealed(layout, format);
        var original = File.ReadAllBytes(file);
        var expected = StoreFiles.Lines(new StoreReader(layout).Read());
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);

        foreach (var (iteration, mutation, damaged) in Mutations(original, Seed(seed), Iterations(150)))
        {
            File.WriteAllBytes(file, damaged);
            var reader = new StoreReader(layout);
            var read = StoreFiles.Lines(reader.Read());
            var reported = reader.Problems.Any(p => p.Kind == StoreProblemKind.CorruptFile);
            var outcome = reported && read.Count == 0 ? "reported damaged"
                : !reported && read.SequenceEqual(expected) ? "read exactly the original"
                : $"DIFFERENT VALUES after {mutation} (seed {Seed(seed)}, iteration {iteration}): {read.Count} records, problems [{string.Join("; ", reader.Problems)}]";
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        output.WriteLine(string.Join(Environment.NewLine, outcomes.Select(o => $"{o.Value} x {o.Key}")));
        Assert.All(outcomes.Keys, k => Assert.DoesNotContain("DIFFERENT", k, StringComparison.Ordinal));
        Assert.Equal(Iterations(150), outcomes.Values.Sum());
    }

    [Theory]
    [InlineData(StorageFormat.Parquet, 21)]
    [InlineData(StorageFormat.Json, 22)]
    public async Task Fuzz_FileWithoutChecksum_EveryReadFinishesWithoutCrashing(StorageFormat format, int seed)
    {
        var layout = new StoreLayout(_directory.Path);
        var file = StoreFiles.AsSealedBeforeChecksums(WriteSealed(layout, format));
        var original = File.ReadAllBytes(file);
        ISegmentReader segments = format == StorageFormat.Parquet ? new ParquetSegmentReader() : new JsonLinesSegmentReader();
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);

        foreach (var (iteration, mutation, damaged) in Mutations(original, Seed(seed), Iterations(100)))
        {
            File.WriteAllBytes(file, damaged);
            var reading = Task.Run(() =>
            {
                var problems = 0;
                try
                {
                    var records = segments.Read(file, RecordProjection.All, _ => problems++).Count();
                    return problems > 0 ? "read with problems reported" : records == 60 ? "read all records" : "read fewer records";
                }
                catch (CorruptSegmentException)
                {
                    return "reported damaged";
                }
            });

            // Any other exception fails here with the mutation that caused it; a hang fails with a TimeoutException.
            var outcome = await reading.WaitAsync(Hang).ContinueWith(
                t => t.IsCompletedSuccessfully ? t.Result : throw new InvalidOperationException($"{mutation} (seed {Seed(seed)}, iteration {iteration}) crashed the reader", t.Exception),
                TaskScheduler.Default);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        output.WriteLine(string.Join(Environment.NewLine, outcomes.Select(o => $"{o.Value} x {o.Key}")));
        Assert.Equal(Iterations(100), outcomes.Values.Sum());
    }

    private static string WriteSealed(StoreLayout layout, StorageFormat format)
    {
        using (var writer = RecordWriter.Open(layout, SampleHoldings.Rule, format, "run-20261128-0002"))
        {
            TestRecords.Varied(60).ForEach(writer.Append);
        }

        return Assert.Single(layout.DataFiles());
    }

    private static int Seed(int seed) =>
        Environment.GetEnvironmentVariable("RUNNER_HARNESS_FUZZ_SEED") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) + seed : seed;

    private static int Iterations(int iterations) =>
        Environment.GetEnvironmentVariable("RUNNER_HARNESS_FUZZ_ITERATIONS") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : iterations;

    // Each iteration damages a fresh copy of the original in one of seven ways, described for replay.
    private static IEnumerable<(int Iteration, string Mutation, byte[] Damaged)> Mutations(byte[] original, int seed, int iterations)
    {
        var random = new Random(seed);
        for (var i = 0; i < iterations; i++)
        {
            var at = random.Next(original.Length);
            var length = 1 + random.Next(Math.Min(64, original.Length - at));
            var damaged = original.ToList();
            string mutation;
            switch (random.Next(7))
            {
                case 0:
                    var bit = random.Next(8);
                    damaged[at] ^= (byte)(1 << bit);
                    mutation = $"bit {bit} of byte {at} flipped";
                    break;
                case 1:
                    for (var b = at; b < at + length; b++)
                    {
                        damaged[b] = (byte)random.Next(256);
                    }

                    mutation = $"{length} bytes at {at} overwritten";
                    break;
                case 2:
                    damaged.RemoveRange(at, length);
                    mutation = $"{length} bytes at {at} deleted";
                    break;
                case 3:
                    damaged.InsertRange(at, original.Skip(at).Take(length));
                    mutation = $"{length} bytes at {at} repeated";
                    break;
                case 4:
                    var zeros = Math.Min(original.Length - at, 1 + random.Next(4096));
                    for (var b = at; b < at + zeros; b++)
                    {
                        damaged[b] = 0;
                    }

                    mutation = $"{zeros} bytes at {at} zeroed";
                    break;
                case 5:
                    damaged.RemoveRange(at, original.Length - at);
                    mutation = $"truncated to {at} bytes";
                    break;
                default:
                    var garbage = new byte[length];
                    random.NextBytes(garbage);
                    damaged.AddRange(garbage);
                    mutation = $"{length} random bytes appended";
                    break;
            }

            yield return (i, mutation, [.. damaged]);
        }
    }
}
