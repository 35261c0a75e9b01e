using Microsoft.Win32.SafeHandles;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// A read-only view of a handle <see cref="VerifiedSegments"/> keeps, with a position of its own, lent to a pass that
/// reads the file before the read that takes the handle (the conflict plan's second pass,
/// <see cref="VerifiedSegments.Borrow"/>): it reads with <see cref="RandomAccess"/> at its own offsets, so the kept
/// handle's position and buffer are not moved, and disposing it leaves the handle open. It must not outlive the
/// <see cref="VerifiedSegments"/> that lent it. The file is sealed, so its length is read once.
/// </summary>
internal sealed class VerifiedSegmentView : Stream
{
    private readonly SafeFileHandle _handle;
    private readonly long _length;
    private long _position;
    private bool _disposed;

    /// <summary>Creates a view of <paramref name="handle"/>, the kept handle of <paramref name="path"/>, from its start.</summary>
    public VerifiedSegmentView(string path, SafeFileHandle handle)
    {
        Name = path;
        _handle = handle;
        _length = RandomAccess.GetLength(handle);
    }

    /// <summary>The path of the file viewed, as it was when its handle was kept.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public override bool CanRead => !_disposed;

    /// <inheritdoc />
    public override bool CanSeek => !_disposed;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => _length;

    /// <inheritdoc />
    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var read = RandomAccess.Read(_handle, buffer, _position);
        _position += read;
        return read;
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    /// <remarks>Read at once, as a <see cref="MemoryStream"/> does: the handle was opened for synchronous reads, and a
    /// read of a local file's bytes is what every caller here waits on anyway.</remarks>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin), origin, "Not a seek origin (Begin, Current or End)."),
        };
        return _position;
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException($"{Name} is viewed read-only.");

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException($"{Name} is viewed read-only.");

    /// <summary>Ends the view; the handle stays open, owned by the <see cref="VerifiedSegments"/> that lent it.</summary>
    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        base.Dispose(disposing);
    }
}
