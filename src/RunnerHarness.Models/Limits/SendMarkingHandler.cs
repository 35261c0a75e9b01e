namespace RunnerHarness.Models.Limits;

/// <summary>
/// The HTTP handler between the SDK and the connection pool that tells the request's <see cref="MachineLease"/> when
/// the request was written to the connection (its rate window starts then, not when the permit was granted: a first
/// request that opens a connection and runs cold code reaches the provider much later than its grant) and when its
/// exchange ended (a cancelled request's connection is closed by then).
/// </summary>
internal sealed class SendMarkingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var lease = MachineLease.Current;
        if (lease is null)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (request.Content is { } content)
        {
            request.Content = new SendMarkingContent(content, lease);
        }
        else
        {
            lease.MarkSent();
        }

        lease.ExchangeStarted();
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Returned: the answer's headers are in (the body follows on a connection still in use by the caller, which
            // holds the lease until it has read it). Thrown: the connection was aborted, e.g. on the attempt timeout.
            lease.ExchangeEnded();
        }
    }
}
