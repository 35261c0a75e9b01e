namespace RunnerHarness.Store.Parquet;

/// <summary>
/// A writable, seekable view of a file stream whose asynchronous writes and flushes are done synchronously, on the calling
/// thread, and return completed tasks. Parquet.Net's writer is async-only, and a <see cref="FileStream"/> opened for
/// synchronous I/O runs each of its async writes on a thread-pool thread (on Unix), so every column chunk of a seal waited
/// for a pool thread. A live writer seals at the end of a test run, when the test host's pool threads are blocked on the run's
/// end: the seal of a 10,000-record segment then took up to 1.1 s, against 0.25-0.34 s on its own thread (docs/performance.md,
/// "Recording overhead, Parquet: the seal waited for the thread pool"). Through this stream the seal's awaits complete at once
/// and their continuations run on the thread that started it.
/// </summary>
/// <remarks>Disposing it leaves the file open: the file is its owner's to flush, close or delete.</remarks>
internal sealed class CallingThreadWriteStream(FileStream inner) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

    public override void WriteByte(byte value) => inner.WriteByte(value);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        inner.Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        inner.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        inner.Flush();
        return Task.CompletedTask;
    }

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void SetLength(long value) => inner.SetLength(value);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
