using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.JsonLines;

/// <summary>
/// Runs a read of a JSON Lines file on a pool thread, its records handed over in batches in file order, so the lines
/// are parsed on the second core while the caller takes the records of earlier ones. The caller gets the records and
/// the problems (bad lines, a torn tail) exactly as the read on its own thread gives them, in the same order, the
/// problems reported on its thread, and any failure of the read (a file that vanished, an I/O error) where that read
/// would have thrown it. Memory holds at most <see cref="BatchesAhead"/> batches of <see cref="BatchSize"/> records
/// beside the read's own buffer.
/// </summary>
internal static class JsonLinesReadAhead
{
    /// <summary>How many records a batch holds: few, so that records die young as in a read on one thread.</summary>
    public const int BatchSize = 256;

    /// <summary>How many batches are read ahead of the caller at most.</summary>
    public const int BatchesAhead = 4;

    /// <summary>
    /// The records <paramref name="read"/> yields, produced on a pool thread from when enumeration starts; the problems
    /// it reports reach <paramref name="report"/> on the caller's thread, between the records they came between.
    /// Stopping the enumeration stops the read and waits for it, so nothing touches the file afterwards.
    /// </summary>
    /// <param name="read">The read, given where to report its problems.</param>
    /// <param name="report">Receives the read's problems.</param>
    public static IEnumerable<ResultRecord> Read(Func<Action<StoreProblem>, IEnumerable<ResultRecord>> read, Action<StoreProblem> report)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(report);
        using var batches = new BlockingCollection<Batch>(BatchesAhead);
        using var stop = new CancellationTokenSource();
        var producer = Task.Run(() => Produce(read, batches, stop.Token));
        try
        {
            foreach (var batch in batches.GetConsumingEnumerable())
            {
                foreach (var line in batch.Lines)
                {
                    if (line.Problem is { } problem)
                    {
                        report(problem);
                    }
                    else
                    {
                        yield return line.Record!;
                    }
                }

                batch.Failure?.Throw();
            }
        }
        finally
        {
            stop.Cancel();
            ((Task)producer).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
        }
    }

    private static void Produce(Func<Action<StoreProblem>, IEnumerable<ResultRecord>> read, BlockingCollection<Batch> batches, CancellationToken stop)
    {
        var batch = new Batch();
        try
        {
            foreach (var record in read(problem => batch.Lines.Add(new Line(null, problem))))
            {
                batch.Lines.Add(new Line(record, null));
                if (batch.Lines.Count >= BatchSize)
                {
                    batches.Add(batch, stop);
                    batch = new Batch();
                }
            }

            batches.Add(batch, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The caller stopped reading.
        }
        catch (Exception ex)
        {
            // The failure goes after the records read before it, where a read on the caller's thread would throw it.
            batch.Failure = ExceptionDispatchInfo.Capture(ex);
            try
            {
                batches.Add(batch, stop);
            }
            catch (OperationCanceledException)
            {
                // The caller stopped reading while the failure waited for room.
            }
        }
        finally
        {
            batches.CompleteAdding();
        }
    }

    private readonly record struct Line(ResultRecord? Record, StoreProblem? Problem);

    private sealed class Batch
    {
        public List<Line> Lines { get; } = new(BatchSize);

        public ExceptionDispatchInfo? Failure { get; set; }
    }
}
