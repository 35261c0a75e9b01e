using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.Parquet;
using Xunit;

namespace RunnerHarness.Tests.Store.Parquet;

/// <summary>
/// Issue 25, the Parquet recording overhead: a live writer's segment is written on the thread that seals it. Parquet.Net is
/// async-only, and a file's async writes ran on thread-pool threads, which a test host at the end of its run has blocked: the
/// seal waited for the pool to grow. The file's writes are observed through a <see cref="FileStream"/> that notes each one.
/// </summary>
public sealed class CallingThreadWriteStreamTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void LiveSegment_SealedOnItsThread_EveryWriteOfTheFileOnThatThreadAndNoneAsync()
    {
        // Two full row groups written as the records are added, the last partial one and the footer at the seal.
        var records = TestRecords.Varied(2_300, seed: 251);
        var (file, sealedFile, thread) = SealOnOwnThread(records, StreamedSegmentUse.Live);

        Assert.Equal(0, file.AsyncWrites);
        Assert.Equal(new[] { thread }, file.WritingThreads);
        Assert.True(file.Writes > 0);
        ParquetTestFile.AssertSameRecords(records, ParquetTestFile.Read(sealedFile));
    }

    [Fact]
    public void LiveSegment_SameRecordsAsABulkOne_SameBytes()
    {
        var records = TestRecords.Varied(2_300, seed: 252);

        var (_, live, _) = SealOnOwnThread(records, StreamedSegmentUse.Live);
        var (_, bulk, _) = SealOnOwnThread(records, StreamedSegmentUse.Bulk);

        Assert.Equal(File.ReadAllBytes(bulk), File.ReadAllBytes(live));
    }

    [Fact]
    public async Task AsyncWriteAndFlush_ReturnCompletedAndTheBytesAreInTheFile()
    {
        var path = Path.Combine(_directory.Path, "bytes.bin");
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            var stream = new CallingThreadWriteStream(file);
            var array = stream.WriteAsync([1, 2, 3], 0, 3, CancellationToken.None);
            var memory = stream.WriteAsync(new byte[] { 4, 5 }.AsMemory(), CancellationToken.None);
            var flush = stream.FlushAsync(CancellationToken.None);

            Assert.True(array.IsCompletedSuccessfully);
            Assert.True(memory.IsCompletedSuccessfully);
            Assert.True(flush.IsCompletedSuccessfully);
            Assert.Equal(5, stream.Position);
            await stream.DisposeAsync();
            file.WriteByte(6);
        }

        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, File.ReadAllBytes(path));
    }

    // Adds the records to a segment of 1,000-row groups and finishes it on a thread of its own, as a writer's thread seals.
    private (ObservedFile File, string Sealed, int Thread) SealOnOwnThread(List<ResultRecord> records, StreamedSegmentUse use)
    {
        ObservedFile? file = null;
        string? sealedFile = null;
        Exception? failure = null;
        var layout = new StoreLayout(Path.Combine(_directory.Path, use.ToString()));
        var writer = new Thread(() =>
        {
            try
            {
                using var segment = new StreamedParquetSegment(layout, 1_000, use, createFile: path => file = new ObservedFile(path));
                foreach (var record in records)
                {
                    segment.Add(record);
                }

                sealedFile = segment.Finish();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        writer.Start();
        writer.Join();
        Assert.Null(failure);
        return (file!, sealedFile!, writer.ManagedThreadId);
    }

    // A real file under tmp/ that notes which threads write to it, and how many writes came asynchronously.
    private sealed class ObservedFile(string path) : FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16)
    {
        private readonly object _gate = new();
        private readonly SortedSet<int> _threads = [];
        private int _asyncWrites;
        private int _writes;

        public int AsyncWrites => Volatile.Read(ref _asyncWrites);

        public int Writes => Volatile.Read(ref _writes);

        public int[] WritingThreads
        {
            get
            {
                lock (_gate)
                {
                    return [.. _threads];
                }
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Note();
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Note();
            base.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _asyncWrites);
            return base.WriteAsync(buffer, offset, count, cancellationToken);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _asyncWrites);
            return base.WriteAsync(buffer, cancellationToken);
        }

        private void Note()
        {
            Interlocked.Increment(ref _writes);
            lock (_gate)
            {
                _threads.Add(Environment.CurrentManagedThreadId);
            }
        }
    }
}
