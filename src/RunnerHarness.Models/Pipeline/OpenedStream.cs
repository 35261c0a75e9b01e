using Microsoft.Extensions.AI;
using RunnerHarness.Models.Usage;

namespace RunnerHarness.Models.Pipeline;

/// <summary>
/// A provider's stream that delivered its first update: the rest of its updates, measured, and the attempt's hold
/// (key, concurrency permit, timeout), released when the stream is disposed, after its connection is closed. The
/// breaker hears "no fault" unless the stream broke with a provider fault (<see cref="Broke"/>): a stream abandoned by
/// its caller was answered.
/// </summary>
internal sealed class OpenedStream(
    IAsyncEnumerator<ChatResponseUpdate> updates, ChatResponseUpdate? first, AttemptHold hold, StreamMeasurement measurement, SampleUsage? usage) : IAsyncDisposable
{
    private bool _providerFault;
    private bool _completed;

    /// <summary>The first update, or <see langword="null"/> for a stream that ended without one.</summary>
    public ChatResponseUpdate? First => first;

    /// <summary>The update <see cref="MoveNextAsync"/> moved to.</summary>
    public ChatResponseUpdate Current => updates.Current;

    /// <summary>Whether the attempt timeout fired.</summary>
    public bool TimedOut => hold.Timeout?.IsCancellationRequested == true;

    /// <summary>Moves to the next update, measuring it.</summary>
    public async ValueTask<bool> MoveNextAsync()
    {
        if (!await updates.MoveNextAsync().ConfigureAwait(false))
        {
            return false;
        }

        measurement.Observe(updates.Current);
        return true;
    }

    /// <summary>The stream broke; <paramref name="providerFault"/> says whether the breaker counts it.</summary>
    public void Broke(bool providerFault) => _providerFault = providerFault;

    /// <summary>The stream was read to its end.</summary>
    public void Completed() => _completed = true;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            // Closes the connection first: an abandoned stream counts against the provider's concurrency until then.
            await updates.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            measurement.ReportTo(usage, _completed);
            hold.Release(_providerFault);
        }
    }
}
