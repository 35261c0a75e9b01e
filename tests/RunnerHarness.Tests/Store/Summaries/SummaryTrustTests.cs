using RunnerHarness.Aggregation;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.Summaries;
using RunnerHarness.Tests.Store.Integrity;

namespace RunnerHarness.Tests.Store.Summaries;

/// <summary>
/// Issue 20, finding 3: a summary stands for its data file only while the file is the one it describes. Planning
/// (<see cref="StoreSummaryReader"/>) proves the data file's checksum before it trusts the summary, so a damaged file's
/// samples are not counted held (and are run again); <c>verify</c> checks every summary against its file's records.
/// </summary>
public sealed class SummaryTrustTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private StoreLayout Layout => new(_directory.Path);

    [Theory]
    [InlineData(StorageFormat.Json)]
    [InlineData(StorageFormat.Parquet)]
    public void Read_DataFileDamagedAfterSealing_IsReportedCorruptAndNotCountedFromItsSummary(StorageFormat format)
    {
        Write(format, "run-20261206-0001", 120);
        var file = Layout.DataFiles().Single();
        StoreFiles.FlipBit(file, new FileInfo(file).Length / 2, 3);

        var reader = new StoreSummaryReader(Layout, SampleHoldings.Rule);
        var summaries = reader.Read(runIds: null, includeLiveLogs: false).ToList();

        Assert.Empty(summaries);
        Assert.Equal(StoreProblemKind.CorruptFile, Assert.Single(reader.Problems).Kind);
    }

    // The data files are proven on pool threads while the reader parses their summaries (DataFileProofQueue); the
    // reader's own proof still gates each summary, so a damaged file proven on the pool is not trusted either.
    [Theory]
    [InlineData(StorageFormat.Json)]
    [InlineData(StorageFormat.Parquet)]
    public void Read_DamagedFilesAmongSoundOnes_OnlyTheSoundFilesAreCountedFromTheirSummaries(StorageFormat format)
    {
        string[] runs = ["run-20261207-0001", "run-20261207-0002", "run-20261207-0003", "run-20261207-0004", "run-20261207-0005", "run-20261207-0006"];
        // Each file holds another number of records, which tells its summary apart.
        for (var i = 0; i < runs.Length; i++)
        {
            Write(format, runs[i], 61 + i);
        }

        var files = Layout.DataFiles().Order(StringComparer.Ordinal).ToArray();
        string[] damaged = [files[1], files[4]];
        foreach (var file in damaged)
        {
            StoreFiles.FlipBit(file, new FileInfo(file).Length / 2, 5);
        }

        var reader = new StoreSummaryReader(Layout, SampleHoldings.Rule);
        var summaries = reader.Read(runIds: null, includeLiveLogs: false).ToList();

        Assert.Equal((4, 0), (reader.SummariesRead, reader.FilesReadInFull));
        Assert.Equal([61L, 63L, 64L, 66L], summaries.Select(s => s.Records).Order());
        Assert.All(reader.Problems, problem => Assert.Equal(StoreProblemKind.CorruptFile, problem.Kind));
        Assert.Equal(damaged.Select(Layout.Relative).Order(StringComparer.Ordinal), reader.Problems.Select(p => p.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Verify_SummaryWithAFlippedBit_IsReportedDamaged()
    {
        Write(StorageFormat.Json, "run-20261206-0002", 60);
        var summary = SummaryFiles().Single();
        StoreFiles.FlipBit(summary, new FileInfo(summary).Length / 2, 1);

        var report = new StoreVerifier(Layout, SampleHoldings.Rule).Verify();

        var problem = Assert.Single(report.Problems);
        Assert.Equal(StoreProblemKind.DamagedSummary, problem.Kind);
        Assert.Equal(Layout.Relative(summary), problem.Path);
    }

    [Fact]
    public void Verify_SoundSummaryThatDisagreesWithItsFile_IsReported()
    {
        Write(StorageFormat.Json, "run-20261206-0003", 60);
        var summary = JsonSummaries.Rewrite(SummaryFiles().Single(), Layout.DataFiles().Single());
        var text = File.ReadAllText(summary).Replace("\"records\":60", "\"records\":61", StringComparison.Ordinal);

        // Resealed under its new checksum: the summary is whole, it just says something the file does not hold.
        File.Delete(summary);
        var unsealed = Path.Combine(_directory.Path, "summary.unsealed");
        File.WriteAllText(unsealed, text);
        var dataName = Path.GetFileName(Layout.DataFiles().Single());
        var resealed = Path.Combine(Path.GetDirectoryName(summary)!, SegmentChecksum.NameFor(dataName, unsealed, SegmentSummaryFile.Extension));
        File.Move(unsealed, resealed);

        var report = new StoreVerifier(Layout, SampleHoldings.Rule).Verify();

        var problem = Assert.Single(report.Problems);
        Assert.Equal(StoreProblemKind.DamagedSummary, problem.Kind);
        Assert.Contains("61", problem.Message, StringComparison.Ordinal);
    }

    private string[] SummaryFiles() =>
        [.. Directory.EnumerateFiles(Layout.SummaryDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    private void Write(StorageFormat format, string runId, int count) => StoreFiles.SealedRun(Layout, format, runId, count, seed: 31);
}
