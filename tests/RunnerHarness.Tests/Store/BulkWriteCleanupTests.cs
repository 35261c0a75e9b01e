using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.Summaries;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Tests.Store;

/// <summary>
/// A failed bulk write's clean-up and a compaction of the same store: the clean-up removes only files still its own, under
/// <c>compact.lock</c>, and its error says truthfully what stays in the store (records a compaction merged already).
/// </summary>
public sealed class BulkWriteCleanupTests : IDisposable
{
    private const int SegmentRecords = 1_000;

    private readonly TemporaryDirectory _directory = new();
    private readonly StoreLayout _layout;
    private readonly List<ResultRecord> _earlierImport;
    private readonly List<ResultRecord> _failingImport = TestRecords.Varied(1_500, seed: 92);

    public BulkWriteCleanupTests()
    {
        _layout = new StoreLayout(_directory.Path);
        _earlierImport = TestRecords.Varied(400, seed: 91);
        Writer("run-20261207-1301").Write(_earlierImport.Select(r => (r, (IReadOnlyList<TranscriptMessage>?)null)));
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Write_FailsWhileACompactionMergesItsSealedFile_SaysTheRecordsStayInTheCompactedFile()
    {
        // The input breaks in the second segment; before the clean-up starts, a compaction merges the first segment's sealed
        // file with the earlier import's and removes it. The write is then not undone, and its error must say so.
        CompactionResult? compaction = null;
        var failing = new BulkRecordWriter(_layout, SampleHoldings.Rule, StorageFormat.Json, new WriterIdentity("run-20261207-1302", "import"), SegmentRecords)
        {
            BeforeCleanup = () => compaction = new StoreCompactor(_layout, SampleHoldings.Rule).Compact(),
        };

        var error = Assert.Throws<StoreWriteException>(() => failing.Write(BreakingAt(_failingImport, 1_400)));

        Assert.NotNull(compaction);
        var merged = Assert.Single(compaction!.FilesWritten);
        Assert.Empty(compaction.Problems);
        Assert.Equal(_earlierImport.Count + SegmentRecords, new StoreReader(_layout).Read().Count());
        Assert.Contains("Of the 1 file(s) this write had sealed, 1 had already been merged by a compaction", error.Message, StringComparison.Ordinal);
        Assert.Contains(_layout.Relative(merged), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("were removed again", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_FailsWhileACompactionIsReadingItsSealedFile_WaitsForItAndRemovesNothingItMerged()
    {
        // The compaction has listed the sealed file and holds compact.lock when the clean-up starts: the clean-up must wait
        // for it instead of deleting the file under it, then find the file merged.
        using var listed = new ManualResetEventSlim();
        using var cleanupWaiting = new ManualResetEventSlim();
        Task<CompactionResult>? compaction = null;
        var failing = new BulkRecordWriter(_layout, SampleHoldings.Rule, StorageFormat.Json, new WriterIdentity("run-20261207-1303", "import"), SegmentRecords)
        {
            BeforeCleanup = () =>
            {
                compaction = Task.Run(() => new StoreCompactor(_layout, SampleHoldings.Rule).Compact(new CompactionOptions
                {
                    NewerFilesFound = _ =>
                    {
                        listed.Set();
                        cleanupWaiting.Wait();
                    },
                }));
                listed.Wait();
            },
            Clock = new SignallingClock(cleanupWaiting.Set),
        };

        var error = Assert.Throws<StoreWriteException>(() => failing.Write(BreakingAt(_failingImport, 1_400)));

        var result = await compaction!;
        Assert.Empty(result.Problems);
        Assert.Equal(2, result.FilesRead.Count);
        Assert.Equal(_earlierImport.Count + SegmentRecords, new StoreReader(_layout).Read().Count());
        Assert.Contains("1 had already been merged by a compaction", error.Message, StringComparison.Ordinal);
        Assert.Contains(_layout.Relative(Assert.Single(result.FilesWritten)), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_FailsWhileCompactLockIsHeldPastTheBound_LeavesItsFilesAndNamesThem()
    {
        FileStream? compactionHolding = null;
        string[] sealedFiles = [];
        var failing = new BulkRecordWriter(_layout, SampleHoldings.Rule, StorageFormat.Json, new WriterIdentity("run-20261207-1304", "import"), SegmentRecords)
        {
            BeforeCleanup = () =>
            {
                sealedFiles = [.. Directory.EnumerateFiles(_layout.RunDirectory("run-20261207-1304"))];
                compactionHolding = CompactionLock.Acquire(_layout);
            },
            CleanupLockTimeout = TimeSpan.Zero,
        };

        try
        {
            var error = Assert.Throws<StoreWriteException>(() => failing.Write(BreakingAt(_failingImport, 1_400)));

            var sealedFile = Assert.Single(sealedFiles);
            Assert.True(File.Exists(sealedFile), "the clean-up removed a file without compact.lock");
            Assert.Contains("were left in place, because a compaction of the store held compact.lock", error.Message, StringComparison.Ordinal);
            Assert.Contains(_layout.Relative(sealedFile), error.Message, StringComparison.Ordinal);
            Assert.Equal(_earlierImport.Count + SegmentRecords, new StoreReader(_layout).Read().Count());
        }
        finally
        {
            compactionHolding?.Dispose();
        }
    }

    [Fact]
    public void Write_FailsWithNoCompactionRunning_RemovesItsFilesUnderTheLockAndReleasesIt()
    {
        var failing = Writer("run-20261207-1305");

        var error = Assert.Throws<StoreWriteException>(() => failing.Write(BreakingAt(_failingImport, 1_400)));

        Assert.Contains("The 1 file(s) this write had sealed were removed again", error.Message, StringComparison.Ordinal);
        Assert.Equal(_earlierImport.Count, new StoreReader(_layout).Read().Count());
        using var free = CompactionLock.TryAcquire(_layout);
        Assert.NotNull(free);
    }

    [Fact]
    public Task Write_FlushFailsAfterTheRenameWhileACompactionHasListedTheFile_LeavesItToTheCleanupUnderTheLock() =>
        // The seal renames its file into data/, then the flush of tmp/ fails.
        FailAfterTheRenameWhileACompactionHasListedTheFile("run-20261207-1306", _ => _layout.TempDirectory);

    [Fact]
    public Task Write_SummaryFailsAfterTheRenameWhileACompactionHasListedTheFile_LeavesItToTheCleanupUnderTheLock() =>
        // The seal renames its file into data/, then its summary cannot be made durable (the flush of its summaries/ folder fails).
        FailAfterTheRenameWhileACompactionHasListedTheFile("run-20261207-1308", runDirectory => SegmentSummaryFile.DirectoryFor(_layout, runDirectory));

    /// <summary>
    /// Fails the flush of the folder <paramref name="failingFlush"/> names (given the run's data folder) once the seal has renamed
    /// its file into data/, while a compaction has listed the file and holds compact.lock: nothing but that compaction may delete
    /// the file now. It is handed to the write's clean-up, which waits for the lock, then finds the file merged and says the
    /// records stay.
    /// </summary>
    private async Task FailAfterTheRenameWhileACompactionHasListedTheFile(string runId, Func<string, string> failingFlush)
    {
        using var listed = new ManualResetEventSlim();
        using var cleanupWaiting = new ManualResetEventSlim();
        using var writeEnded = new ManualResetEventSlim();
        Task<CompactionResult>? compaction = null;
        string? renamed = null;
        bool? presentWhenCompactionWentOn = null;
        var runDirectory = _layout.RunDirectory(runId);
        var failingDirectory = failingFlush(runDirectory);
        var failing = new BulkRecordWriter(_layout, SampleHoldings.Rule, StorageFormat.Json, new WriterIdentity(runId, "import"), SegmentRecords)
        {
            Clock = new SignallingClock(cleanupWaiting.Set),
        };

        DirectorySync.BeforeFlush.Value = directory =>
        {
            if (compaction is not null || directory != failingDirectory || !Directory.Exists(runDirectory))
            {
                return;
            }

            renamed = Assert.Single(Directory.EnumerateFiles(runDirectory, "*" + StoreLayout.JsonLinesExtension));
            using (ExecutionContext.SuppressFlow())
            {
                compaction = Task.Run(() => new StoreCompactor(_layout, SampleHoldings.Rule).Compact(new CompactionOptions
                {
                    NewerFilesFound = _ =>
                    {
                        listed.Set();

                        // The clean-up waiting for the lock (the fix), or the write over without it (a delete under this compaction).
                        WaitHandle.WaitAny([cleanupWaiting.WaitHandle, writeEnded.WaitHandle]);
                        presentWhenCompactionWentOn = File.Exists(renamed);
                    },
                }));
            }

            listed.Wait();
            throw new IOException($"Cannot flush the directory {directory} to disk (errno 5).");
        };

        StoreWriteException error;
        try
        {
            error = Assert.Throws<StoreWriteException>(() => failing.Write(_failingImport.Take(SegmentRecords).Select(r => (r, (IReadOnlyList<TranscriptMessage>?)null))));
        }
        finally
        {
            DirectorySync.BeforeFlush.Value = null;
            writeEnded.Set();
        }

        var result = await compaction!;
        Assert.True(presentWhenCompactionWentOn, "the seal deleted the file it had renamed into data/ while a compaction holding compact.lock had listed it");
        Assert.Empty(result.Problems);
        Assert.Contains(renamed!, result.FilesRead);
        Assert.Equal(_earlierImport.Count + SegmentRecords, new StoreReader(_layout).Read().Count());
        Assert.Contains($"Cannot flush the directory {failingDirectory} to disk (errno 5)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Of the 1 file(s) this write had sealed, 1 had already been merged by a compaction", error.Message, StringComparison.Ordinal);
        Assert.Contains(_layout.Relative(Assert.Single(result.FilesWritten)), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_FlushFailsAfterTheRenameWithNoCompactionRunning_RemovesTheFileUnderTheLock() =>
        FailAfterTheRenameWithNoCompactionRunning("run-20261207-1307", _ => _layout.TempDirectory);

    [Fact]
    public void Write_SummaryFailsAfterTheRenameWithNoCompactionRunning_RemovesTheFileUnderTheLock() =>
        FailAfterTheRenameWithNoCompactionRunning("run-20261207-1309", runDirectory => SegmentSummaryFile.DirectoryFor(_layout, runDirectory));

    private void FailAfterTheRenameWithNoCompactionRunning(string runId, Func<string, string> failingFlush)
    {
        var failing = Writer(runId);
        var failingDirectory = failingFlush(_layout.RunDirectory(runId));
        var failed = 0;
        DirectorySync.BeforeFlush.Value = directory =>
        {
            if (directory == failingDirectory && Directory.Exists(_layout.RunDirectory(runId)) && Interlocked.Increment(ref failed) == 1)
            {
                throw new IOException($"Cannot flush the directory {directory} to disk (errno 5).");
            }
        };

        StoreWriteException error;
        try
        {
            error = Assert.Throws<StoreWriteException>(() => failing.Write(_failingImport.Select(r => (r, (IReadOnlyList<TranscriptMessage>?)null))));
        }
        finally
        {
            DirectorySync.BeforeFlush.Value = null;
        }

        Assert.Contains("had been renamed into place", error.Message, StringComparison.Ordinal);
        Assert.Contains("The 1 file(s) this write had sealed were removed again", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(_layout.RunDirectory(runId)));
        var summaries = SegmentSummaryFile.DirectoryFor(_layout, _layout.RunDirectory(runId));
        Assert.False(Directory.Exists(summaries) && Directory.EnumerateFiles(summaries).Any(), "a summary of the removed file stayed");
        Assert.Equal(_earlierImport.Count, new StoreReader(_layout).Read().Count());
    }

    private BulkRecordWriter Writer(string runId) =>
        new(_layout, SampleHoldings.Rule, StorageFormat.Json, new WriterIdentity(runId, "import"), SegmentRecords);

    private static IEnumerable<(ResultRecord, IReadOnlyList<TranscriptMessage>?)> BreakingAt(List<ResultRecord> records, int failAt)
    {
        for (var i = 0; i < records.Count; i++)
        {
            if (i == failAt)
            {
                throw new IOException($"reading the import file failed at line {failAt + 1:N0}: the network share went away");
            }

            yield return (records[i], null);
        }
    }
}
