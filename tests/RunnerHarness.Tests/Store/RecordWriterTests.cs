using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Tests.Store;

public sealed class RecordWriterTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Complete_AfterAppends_SealsEveryRecordUnderDataAndLeavesNoLog()
    {
        var layout = new StoreLayout(_directory.Path);
        using (var writer = RecordWriter.Open(layout, SampleHoldings.Rule, StorageFormat.Json, "run-1"))
        {
            for (var i = 0; i < 250; i++)
            {
                writer.Append(new ResultRecord { Model = "m", SampleIndex = i });
            }

            var summary = writer.Complete();
            Assert.Equal(250, summary.RecordCount);
            Assert.All(summary.SealedFiles, f => Assert.StartsWith(layout.DataDirectory, f, StringComparison.Ordinal));
        }

        var records = new StoreReader(layout).Read().ToList();
        Assert.Equal(250, records.Count);
        Assert.Equal(Enumerable.Range(0, 250), records.Select(r => r.SampleIndex!.Value).Order());
        Assert.All(records, r => Assert.Equal("run-1", r.RunId));
        Assert.Empty(Directory.EnumerateFileSystemEntries(layout.WriteAheadLogDirectory));
    }

    [Fact]
    public async Task SealInterval_RecordsWrittenThrough_AreSealedIntoDataBeforeCompleteAndSealedIsCalled()
    {
        var layout = new StoreLayout(_directory.Path);
        var sealedOnce = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new RecordWriterOptions { WriteThrough = true, SealInterval = TimeSpan.FromMilliseconds(50), Sealed = () => sealedOnce.TrySetResult() };
        using var writer = RecordWriter.Open(layout, SampleHoldings.Rule, StorageFormat.Json, "run-1", options: options);
        writer.Append(new ResultRecord { Model = "gpt-4o-mini", PromptType = "baseline", SampleIndex = 0 });

        await sealedOnce.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Sealed while the writer is still open: what a store in object storage uploads before the run ends.
        Assert.Equal([0], new StoreReader(layout).Read(new RecordQuery { IncludeLiveLogs = false }).Select(r => r.SampleIndex!.Value));
        Assert.Single(layout.DataFiles());
        writer.Append(new ResultRecord { Model = "gpt-4o-mini", PromptType = "baseline", SampleIndex = 1 });
        Assert.Equal(2, writer.Complete().RecordCount);
        Assert.Equal(2, layout.DataFiles().Count);
    }

    [Fact]
    public void Complete_AfterTheWriterThreadMetAnUnexpectedException_ThrowsStoreWriteExceptionNamingItAndTheProcessLivesOn()
    {
        // Any exception on the writer's own thread, not only an I/O one, must reach Complete: unhandled there, it would
        // end the test host and every result of the run not yet written with it.
        var layout = new StoreLayout(_directory.Path);
        var options = new RecordWriterOptions { SegmentRecordLimit = 2, Sealed = () => throw new InvalidOperationException("the upload queue was closed") };
        var writer = RecordWriter.Open(layout, SampleHoldings.Rule, StorageFormat.Json, "run-1", options: options);
        for (var i = 0; i < 3; i++)
        {
            writer.Append(new ResultRecord { Model = "gpt-4o-mini", PromptType = "baseline", SampleIndex = i });
        }

        var error = Assert.Throws<StoreWriteException>(() => writer.Complete());

        Assert.Contains("InvalidOperationException: the upload queue was closed", error.Message, StringComparison.Ordinal);
        Assert.Equal([0, 1], new StoreReader(layout).Read(new RecordQuery { IncludeLiveLogs = false }).Select(r => r.SampleIndex!.Value).Order());
    }

    [Fact]
    public void Append_PastSegmentLimit_SealsSeveralFilesWithoutLosingOrDoubling()
    {
        var layout = new StoreLayout(_directory.Path);
        var options = new RecordWriterOptions { SegmentRecordLimit = 100 };
        using (var writer = RecordWriter.Open(layout, SampleHoldings.Rule, StorageFormat.Json, "run-1", options: options))
        {
            for (var i = 0; i < 1_050; i++)
            {
                writer.Append(new ResultRecord { SampleIndex = i });
            }

            Assert.Equal(11, writer.Complete().SealedFiles.Count);
        }

        var reader = new StoreReader(layout);
        Assert.Equal(1_050, reader.Read().Select(r => r.RecordId).Distinct().Count());
        Assert.Equal(0, reader.DuplicatesSkipped);
    }

    [Fact]
    public void Flush_ReturnsWithRecordsInTheLiveLog_VisibleToLiveReadsOnly()
    {
        var layout = new StoreLayout(_directory.Path);
        using var writer = RecordWriter.Open(layout, SampleHoldings.Rule, StorageFormat.Json, "run-1");
        writer.Append(new ResultRecord { Model = "a" });
        writer.Append(new ResultRecord { Model = "b" });
        writer.Flush();

        Assert.Empty(new StoreReader(layout).Read());
        Assert.Equal(2, new StoreReader(layout).Read(new RecordQuery { IncludeLiveLogs = true }).Count());
    }

    [Fact]
    public void Append_WriteThrough_RecordIsInTheLogWhenAppendReturns()
    {
        var layout = new StoreLayout(_directory.Path);
        using var writer = RecordWriter.Open(layout, SampleHoldings.Rule, StorageFormat.Json, "run-1", options: new RecordWriterOptions { WriteThrough = true, FlushInterval = TimeSpan.FromHours(1) });

        writer.Append(new ResultRecord { Model = "a" });

        Assert.Equal(1, writer.WrittenCount);
        Assert.Equal("a", Assert.Single(new StoreReader(layout).Read(new RecordQuery { IncludeLiveLogs = true })).Model);
    }

    [Fact]
    public void Append_WriteThroughPastSegmentLimit_SealsOnTheCallingThread()
    {
        var layout = new StoreLayout(_directory.Path);
        using (var writer = RecordWriter.Open(layout, SampleHoldings.Rule, StorageFormat.Parquet, "run-1", options: new RecordWriterOptions { WriteThrough = true, SegmentRecordLimit = 10 }))
        {
            for (var i = 0; i < 25; i++)
            {
                writer.Append(new ResultRecord { SampleIndex = i });
            }

            Assert.Equal(2, layout.DataFiles().Count);
        }

        Assert.Equal(25, new StoreReader(layout).Read().Count());
    }

    [Fact]
    public void Open_SameRunWhileFirstWriterLives_FailsNamingTheRunAndKeepsFirstWritersRecords()
    {
        var layout = new StoreLayout(_directory.Path);
        using var first = RecordWriter.Open(layout, SampleHoldings.Rule, StorageFormat.Json, "shared-run");
        first.Append(new ResultRecord());

        var error = Assert.Throws<WriterInUseException>(() => RecordWriter.Open(layout, SampleHoldings.Rule, StorageFormat.Json, "shared-run"));
        Assert.Contains("shared-run", error.Message, StringComparison.Ordinal);
        Assert.Equal("shared-run", error.Identity?.Name);
        Assert.DoesNotContain("RUNNER_HARNESS", error.Message, StringComparison.Ordinal);

        first.Complete();
        Assert.Single(new StoreReader(layout).Read());
    }

    [Fact]
    public void Open_SameRunDifferentScope_BothWrite()
    {
        var layout = new StoreLayout(_directory.Path);
        using (var a = RecordWriter.Open(layout, SampleHoldings.Rule, StorageFormat.Json, "run", scope: "shard 0/2"))
        using (var b = RecordWriter.Open(layout, SampleHoldings.Rule, StorageFormat.Json, "run", scope: "shard 1/2"))
        {
            a.Append(new ResultRecord());
            b.Append(new ResultRecord());
        }

        Assert.Equal(2, new StoreReader(layout).Read().Count());
    }

    [Fact]
    public void Open_StoreUnderAFile_FailsWithStoreWriteExceptionNamingThePath()
    {
        var file = Path.Combine(_directory.Path, "not-a-directory");
        File.WriteAllText(file, "x");
        var store = Path.Combine(file, "store");

        var error = Assert.Throws<StoreWriteException>(() => RecordWriter.Open(new StoreLayout(store), SampleHoldings.Rule, StorageFormat.Json, "run"));
        Assert.Contains(store, error.Message, StringComparison.Ordinal);
        Assert.Equal("x", File.ReadAllText(file));
    }
}
