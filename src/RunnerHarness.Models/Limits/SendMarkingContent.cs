using System.Net;

namespace RunnerHarness.Models.Limits;

/// <summary>A request body that marks its <see cref="MachineLease"/> sent once it has been written and flushed to the connection.</summary>
internal sealed class SendMarkingContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly MachineLease _lease;
    private readonly long? _length;

    public SendMarkingContent(HttpContent inner, MachineLease lease)
    {
        _inner = inner;
        _lease = lease;
        _length = inner.Headers.ContentLength;
        foreach (var header in inner.Headers)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None).ConfigureAwait(false);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await _inner.CopyToAsync(stream, context, cancellationToken).ConfigureAwait(false);

        // Flushed before marking: the connection buffers what was copied, and a process descheduled before the buffer
        // leaves would start the window earlier than the provider sees the request (seen at 108 ms under load).
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _lease.MarkSent();
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length ?? 0;
        return _length is not null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
