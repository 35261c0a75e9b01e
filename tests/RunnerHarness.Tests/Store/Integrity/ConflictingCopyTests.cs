using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Tests.Store.Integrity;

/// <summary>
/// Issue 20, finding 8: when two files hold the same record id with different content, one rule says which copy
/// counts, whatever the files' paths and formats: the earliest <c>finished_at</c>, then the smaller content hash.
/// Every reader, compaction (so the answer does not move when merged files land in <c>data/compacted/</c>), the
/// migration proof and <c>verify</c> apply it.
/// </summary>
public sealed class ConflictingCopyTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly StoreLayout _layout;

    public ConflictingCopyTests() => _layout = new StoreLayout(_directory.Path);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Read_ConflictingCopies_KeepTheEarliestFinishedAtWhateverTheirPaths()
    {
        var (original, edited) = ConflictingRuns.Copies(12, seed: 61);

        // The edited copies' run folder sorts first: path order would keep them.
        Write("run-20261206-0002", StorageFormat.Json, original);
        Write("archive-2025", StorageFormat.Json, edited);

        var read = new StoreReader(_layout).Read().ToDictionary(r => r.RecordId);

        Assert.Equal(12, read.Count);
        Assert.All(original, r => Assert.Equal(r.Outcome, read[r.RecordId].Outcome));
        Assert.All(original, r => Assert.Equal(r.FinishedAt, read[r.RecordId].FinishedAt));
    }

    [Fact]
    public void Compact_ConflictingCopiesAcrossFormats_KeepsTheCopyReadersKeptBefore()
    {
        var (original, edited) = ConflictingRuns.Copies(12, seed: 62);
        Write("run-20261206-0001", StorageFormat.Json, original);
        Write("run-20261206-0003", StorageFormat.Parquet, edited);
        Write("run-20261206-0004", StorageFormat.Parquet, TestRecords.Varied(6, seed: 63));
        var before = Outcomes();

        new StoreCompactor(_layout, SampleHoldings.Rule).Compact();

        Assert.Equal(before, Outcomes());
        Assert.All(original, r => Assert.Equal(r.Outcome.ToString(), before[r.RecordId]));
    }

    [Fact]
    public void Migrate_ConflictingCopies_ProvesItselfAndKeepsTheSameCopies()
    {
        var (original, edited) = ConflictingRuns.Copies(8, seed: 64);
        Write("run-20261206-0005", StorageFormat.Parquet, edited);
        Write("run-20261206-0006", StorageFormat.Json, original);
        var before = Outcomes();

        var result = new StoreMigrator(_layout, SampleHoldings.Rule).Migrate(StorageFormat.Parquet);

        Assert.Equal(result.Before, result.After);
        Assert.Equal(before, Outcomes());
        Assert.All(original, r => Assert.Equal(r.Outcome.ToString(), before[r.RecordId]));
    }

    [Fact]
    public void Verify_ConflictingCopies_NamesTheFileWhoseCopyReadersKeep()
    {
        var (original, edited) = ConflictingRuns.Copies(1, seed: 65);
        Write("run-20261206-0007", StorageFormat.Json, original);
        Write("archive-2025", StorageFormat.Json, edited);
        var kept = _layout.Relative(_layout.RunFiles("run-20261206-0007").Single());

        var problem = Assert.Single(new StoreVerifier(_layout, SampleHoldings.Rule).Verify().Problems, p => p.Kind == StoreProblemKind.ConflictingDuplicate);

        Assert.Contains($"readers keep the copy of {kept}", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SameResultWrittenUnderTwoRuns_SaysItIsOneResultStoredTwiceAndWhatToMove()
    {
        // As an import of the same file twice wrote it before imports skipped stored records: one result, stamped by each import.
        var result = ConflictingRuns.Copies(1, seed: 66).Original.Single();
        var firstImport = new ResultRecordBuilder(result) { RunId = "import-20261201-0001", Host = "eval-box-01", ProcessId = 31207, Shard = null }.Build();
        var secondImport = new ResultRecordBuilder(result) { RunId = "import-20261204-0002", Host = "eval-box-02", ProcessId = 8815, Shard = "2/4" }.Build();
        Write(firstImport.RunId!, StorageFormat.Json, [firstImport]);
        Write(secondImport.RunId!, StorageFormat.Parquet, [secondImport]);
        var counted = Assert.Single(new StoreReader(_layout).Read()).RunId;
        var other = counted == firstImport.RunId ? secondImport.RunId : firstImport.RunId;
        var otherFile = _layout.Relative(_layout.RunFiles(other!).Single());

        var problem = Assert.Single(new StoreVerifier(_layout, SampleHoldings.Rule).Verify().Problems, p => p.Kind == StoreProblemKind.ConflictingDuplicate);

        Assert.Contains($"record {result.RecordId} is the same result stored twice", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"(run {firstImport.RunId})", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"(run {secondImport.RunId})", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"readers count the copy of run {counted}", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"move {otherFile} out of data/", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Decide which copy is right", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_CopiesUnderTwoRunsWithAnotherScore_KeepsTheConflictMessage()
    {
        var result = ConflictingRuns.Copies(1, seed: 67).Original.Single();
        var first = new ResultRecordBuilder(result) { RunId = "run-20261201-0001", Host = "eval-box-01", ProcessId = 31207, QualityScore = 0.75 }.Build();
        var rescored = new ResultRecordBuilder(result) { RunId = "run-20261204-0002", Host = "eval-box-02", ProcessId = 8815, QualityScore = 0.5 }.Build();
        Write(first.RunId!, StorageFormat.Json, [first]);
        Write(rescored.RunId!, StorageFormat.Json, [rescored]);

        var problem = Assert.Single(new StoreVerifier(_layout, SampleHoldings.Rule).Verify().Problems, p => p.Kind == StoreProblemKind.ConflictingDuplicate);

        Assert.Contains($"record {result.RecordId} is also in ", problem.Message, StringComparison.Ordinal);
        Assert.Contains("with different content; readers keep the copy of ", problem.Message, StringComparison.Ordinal);
        Assert.EndsWith("Decide which copy is right, then remove the other file's copy by moving that file out of data/ or restoring it", problem.Message, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Outcomes() =>
        new StoreReader(_layout).Read().ToDictionary(r => r.RecordId, r => r.Outcome.ToString());

    private void Write(string runId, StorageFormat format, IEnumerable<ResultRecord> records) => ConflictingRuns.Write(_layout, runId, format, records);
}
