namespace RunnerHarness.Store.Parquet;

/// <summary>
/// A read-only view of a seekable stream whose end is an error for a single-byte read. Parquet.Net's
/// Thrift decoder reads byte by byte and takes <see cref="Stream.ReadByte"/>'s -1 for the byte 0xFF, which
/// continues every variable-length integer and field header, so damaged metadata that runs past the end
/// of its bytes would keep it decoding forever; through this stream it fails with
/// <see cref="EndOfStreamException"/> instead. Block reads behave as on the inner stream (0 at the end),
/// which Parquet.Net already reports as truncation.
/// </summary>
internal sealed class StrictEndStream(Stream inner, string name) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    public override int ReadByte() =>
        inner.ReadByte() is var value and >= 0
            ? value
            : throw new EndOfStreamException($"{name} ends inside its metadata ({inner.Length} bytes): damaged or truncated");

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
