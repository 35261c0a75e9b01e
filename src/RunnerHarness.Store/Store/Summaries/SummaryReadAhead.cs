using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace RunnerHarness.Store.Summaries;

/// <summary>
/// Enumerates a <see cref="StoreSummaryReader"/>'s summaries on a pool thread, at most <c>ahead</c> summaries before
/// their consumer, so that a caller can do its own work meanwhile: top-up planning builds its batch's case keys (~0.1 s
/// for 40,000 rows) while the store's summaries are read and their files proven, instead of one after the other. When
/// no pool thread has started by the time the consumer asks (a busy pool), the consumer reads them itself, as without
/// this. The reader is used on one thread only; its <see cref="StoreSummaryReader.Problems"/> and counts are complete
/// once <see cref="Consume"/> has ended.
/// </summary>
internal sealed class SummaryReadAhead : IDisposable
{
    private const int Unclaimed = 0;
    private const int ClaimedByPool = 1;
    private const int ClaimedByConsumer = 2;

    private readonly IEnumerable<SegmentSummary> _summaries;
    private readonly BlockingCollection<SegmentSummary> _ready;
    private readonly CancellationTokenSource _stop = new();
    private readonly ManualResetEventSlim _produced = new();
    private ExceptionDispatchInfo? _failure;
    private int _claim;

    /// <summary>Starts enumerating <paramref name="summaries"/> on a pool thread, keeping at most <paramref name="ahead"/> unconsumed.</summary>
    public SummaryReadAhead(IEnumerable<SegmentSummary> summaries, int ahead)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentOutOfRangeException.ThrowIfLessThan(ahead, 1);
        _summaries = summaries;
        _ready = new BlockingCollection<SegmentSummary>(ahead);
        ThreadPool.UnsafeQueueUserWorkItem(static readAhead => readAhead.Produce(), this, preferLocal: false);
    }

    /// <summary>The summaries in the reader's order; throws what the reader threw, where the reader would have.</summary>
    public IEnumerable<SegmentSummary> Consume() =>
        Interlocked.CompareExchange(ref _claim, ClaimedByConsumer, Unclaimed) == Unclaimed ? _summaries : Produced();

    /// <summary>Stops the reader if it is still going and waits for it, so no read outlives its consumer.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        if (Interlocked.CompareExchange(ref _claim, ClaimedByConsumer, Unclaimed) == ClaimedByPool)
        {
            _produced.Wait();
        }

        _produced.Dispose();
        _stop.Dispose();
        _ready.Dispose();
    }

    private IEnumerable<SegmentSummary> Produced()
    {
        foreach (var summary in _ready.GetConsumingEnumerable())
        {
            yield return summary;
        }

        _produced.Wait();
        _failure?.Throw();
    }

    private void Produce()
    {
        if (Interlocked.CompareExchange(ref _claim, ClaimedByPool, Unclaimed) != Unclaimed)
        {
            return;
        }

        try
        {
            foreach (var summary in _summaries)
            {
                _ready.Add(summary, _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The consumer stopped early; the reader's enumerator was disposed on the way out.
        }
        catch (Exception ex)
        {
            // Thrown on the consumer's thread by Produced, as the reader would have thrown it there.
            _failure = ExceptionDispatchInfo.Capture(ex);
        }
        finally
        {
            _ready.CompleteAdding();
            _produced.Set();
        }
    }
}
