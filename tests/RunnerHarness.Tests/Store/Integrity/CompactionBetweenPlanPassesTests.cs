using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Tests.Store.Integrity;

/// <summary>
/// A read's conflict plan decides which copy of a repeated id counts in a second pass after its id pass; the read then
/// takes each file through the handle the id pass verified. A compaction that merges and removes the files between the
/// two passes must not change what the read yields: the second pass reads the same handles, so it decides among the
/// copies the read yields, and each id is yielded once, the copy an undisturbed read yields. A file with no kept handle
/// that the plan finds gone makes the read list the store again and plan anew, before it yields anything.
/// </summary>
public sealed class CompactionBetweenPlanPassesTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly StoreLayout _layout;

    public CompactionBetweenPlanPassesTests() => _layout = new StoreLayout(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(StorageFormat.Json)]
    [InlineData(StorageFormat.Parquet)]
    public void Read_ConflictingCopiesWhoseCountedSideIsMergedAndRemovedBetweenThePasses_YieldsTheCopyAnUndisturbedReadYields(StorageFormat format)
    {
        var (original, edited) = ConflictingRuns.Copies(15, seed: 71);

        // The edited copies' run folder sorts first: a plan that saw only them would count them.
        Write("archive-2025", format, edited);
        Write("run-20261207-0001", format, original);
        Write("run-20261207-0002", format, TestRecords.Varied(9, seed: 72));
        var undisturbed = new StoreReader(_layout).Read().ToDictionary(r => r.RecordId);
        var originalFile = _layout.RunFiles("run-20261207-0001").Single();

        var (read, compaction) = ReadWithACompactionBetweenThePasses();

        // The compaction merged the original copies' file (they count) and removed it; the edited copies' file is kept in place.
        Assert.Contains(originalFile, compaction.FilesRead);
        Assert.Contains(_layout.RunFiles("archive-2025").Single(), compaction.FilesKept);
        Assert.False(File.Exists(originalFile));
        AssertOriginalsCountAsUndisturbed(undisturbed, read, original);
    }

    [Theory]
    [InlineData(StorageFormat.Json)]
    [InlineData(StorageFormat.Parquet)]
    public void Read_CountedSideWithoutAChecksumMergedAndRemovedBetweenThePasses_PlansAgainAndYieldsTheCopyAnUndisturbedReadYields(StorageFormat format)
    {
        // A file sealed before checksums keeps no verified handle: the plan's second pass opens it by its path, finds it
        // gone, and the read lists the store again (the merged file in its place) and plans anew before yielding anything.
        var (original, edited) = ConflictingRuns.Copies(12, seed: 76);
        Write("archive-2025", format, edited);
        Write("run-20261207-0006", format, original);
        var originalFile = StoreFiles.AsSealedBeforeChecksums(_layout.RunFiles("run-20261207-0006").Single());
        var undisturbed = new StoreReader(_layout).Read().ToDictionary(r => r.RecordId);

        var (read, compaction) = ReadWithACompactionBetweenThePasses();

        Assert.Contains(originalFile, compaction.FilesRead);
        Assert.False(File.Exists(originalFile));
        AssertOriginalsCountAsUndisturbed(undisturbed, read, original);
    }

    [Theory]
    [InlineData(StorageFormat.Json)]
    [InlineData(StorageFormat.Parquet)]
    public void Read_RepeatedCopiesAllMergedAndRemovedBetweenThePasses_YieldsEachIdOnce(StorageFormat format)
    {
        // The same run's records imported twice: every copy is in a file the compaction merges and removes.
        var records = TestRecords.Varied(20, seed: 73);
        Write("run-20261207-0003", format, records);
        Write("run-20261207-0004", format, records);
        Write("run-20261207-0005", format, TestRecords.Varied(7, seed: 74));
        var undisturbed = new StoreReader(_layout).Read().ToDictionary(r => r.RecordId);
        var before = _layout.DataFiles().ToList();

        var (read, compaction) = ReadWithACompactionBetweenThePasses();

        Assert.Equal(before.Order(StringComparer.Ordinal), compaction.FilesRead.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(_layout.DataFiles(), before.Contains);
        Assert.Equal(undisturbed.Keys.Order(StringComparer.Ordinal), read.Select(r => r.RecordId).Order(StringComparer.Ordinal));
        AssertSameCopies(undisturbed, read);
    }

    [Theory]
    [InlineData(StorageFormat.Json)]
    [InlineData(StorageFormat.Parquet)]
    public void Read_FileWithoutAChecksumVanishingUnderEveryPlan_YieldsEachIdOnceAndReportsThatAConflictMayMissItsCopy(StorageFormat format)
    {
        // The counted side's file, with no kept handle, is renamed between the passes of every plan: the read plans anew
        // as often as it may, then goes on and must say that a conflict was decided without that file's copies.
        var (original, edited) = ConflictingRuns.Copies(12, seed: 77);
        Write("archive-2025", format, edited);
        Write("run-20261207-0007", format, original);
        var moving = StoreFiles.AsSealedBeforeChecksums(_layout.RunFiles("run-20261207-0007").Single());
        var plans = 0;
        var reader = new StoreReader(_layout)
        {
            IdPassEnded = () =>
            {
                plans++;
                var next = Path.Combine(Path.GetDirectoryName(moving)!, $"renamed-{plans}{Path.GetExtension(moving)}");
                File.Move(moving, next);
                moving = next;
            },
        };

        var read = reader.Read().ToList();

        Assert.Equal(4, plans);
        Assert.Equal(original.Select(r => r.RecordId).Order(StringComparer.Ordinal), read.Select(r => r.RecordId).Order(StringComparer.Ordinal));
        var problem = Assert.Single(reader.Problems);
        Assert.Equal(StoreProblemKind.VanishedFile, problem.Kind);
        Assert.Contains("4 times", problem.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Reads the store while a compaction merges every file it may and removes them at the one point between the read's
    /// (first) id pass and the pass that reads the copies of repeated ids.
    /// </summary>
    private (List<ResultRecord> Read, CompactionResult Compaction) ReadWithACompactionBetweenThePasses()
    {
        CompactionResult? compaction = null;
        var reader = new StoreReader(_layout) { IdPassEnded = () => compaction ??= new StoreCompactor(_layout, SampleHoldings.Rule).Compact() };

        var read = reader.Read().ToList();

        Assert.NotNull(compaction);
        Assert.NotEmpty(compaction.FilesWritten);
        Assert.Empty(reader.Problems);
        return (read, compaction);
    }

    // Each id once, the original (passed, earlier) copy of each conflict, every copy whole as the undisturbed read yielded it.
    private static void AssertOriginalsCountAsUndisturbed(Dictionary<string, ResultRecord> undisturbed, List<ResultRecord> read, List<ResultRecord> original)
    {
        Assert.Equal(undisturbed.Keys.Order(StringComparer.Ordinal), read.Select(r => r.RecordId).Order(StringComparer.Ordinal));
        var yielded = read.ToDictionary(r => r.RecordId);
        Assert.All(original, r => Assert.Equal((TestOutcome.Passed, r.FinishedAt), (yielded[r.RecordId].Outcome, yielded[r.RecordId].FinishedAt)));
        AssertSameCopies(undisturbed, read);
    }

    // Every copy read whole (its canonical line, every column) is the copy the undisturbed read yielded for its id.
    private static void AssertSameCopies(Dictionary<string, ResultRecord> undisturbed, List<ResultRecord> read) =>
        Assert.Equal(StoreFiles.Lines(read.Select(r => undisturbed[r.RecordId])), StoreFiles.Lines(read));

    private void Write(string runId, StorageFormat format, IEnumerable<ResultRecord> records) => ConflictingRuns.Write(_layout, runId, format, records);
}
