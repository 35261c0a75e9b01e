namespace RunnerHarness.Store.Summaries;

/// <summary>
/// The data files a reader is about to trust summaries for, proven (<see cref="ProvenDataFiles"/>) on pool threads ahead
/// of it, in listing order, while the reader reads and parses the summaries on its own thread: a test host's first plan
/// would otherwise hash every data file (78 MB in a 1M-record Parquet store, 1.3 GB as JSON Lines) on the planning thread
/// before each summary. The queue only warms the proof: the reader still calls <see cref="ProvenDataFiles.Prove"/>
/// itself before it trusts a summary, which answers from what a pool thread proved and proves again what it did not
/// (a damaged file is then reported by the reader, as before). A file no pool thread has taken when the reader needs it
/// is proven on the reader's thread, so a busy pool costs the overlap, never a wait.
/// </summary>
internal sealed class DataFileProofQueue : IDisposable
{
    private const int Waiting = 0;
    private const int Proving = 1;
    private const int Done = 2;
    private const int Withdrawn = 3;

    private readonly string[] _files;
    private readonly Dictionary<string, int> _indexOf;
    private readonly int[] _states;
    private readonly object _gate = new();
    private int _next;

    /// <summary>
    /// Queues <paramref name="files"/> (sealed data files with a checksum in their names, in the order the reader will
    /// need them) and starts <paramref name="poolThreads"/> pool work items proving them; 0 leaves every proof to
    /// <see cref="WaitFor"/>.
    /// </summary>
    public DataFileProofQueue(IReadOnlyList<string> files, int poolThreads)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentOutOfRangeException.ThrowIfNegative(poolThreads);
        _files = [.. files];
        _states = new int[_files.Length];
        _indexOf = new Dictionary<string, int>(_files.Length, StringComparer.Ordinal);
        for (var i = 0; i < _files.Length; i++)
        {
            _indexOf.TryAdd(_files[i], i);
        }

        for (var i = 0; i < Math.Min(poolThreads, _files.Length); i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static queue => queue.ProveUntilEmpty(), this, preferLocal: false);
        }
    }

    /// <summary>
    /// The pool threads a reader starts: all cores but the reader's own (which reads the summaries meanwhile), none on one core.
    /// </summary>
    public static int PoolThreadsBesideReader => Environment.ProcessorCount - 1;

    /// <summary>
    /// Returns once the proof of <paramref name="file"/> was attempted (at once when it is not queued): proves it here when
    /// no pool thread has taken it, and proves the next queued files while a pool thread is still on it.
    /// </summary>
    public void WaitFor(string file)
    {
        if (!_indexOf.TryGetValue(file, out var index) || TryProve(index))
        {
            return;
        }

        while (Volatile.Read(ref _states[index]) != Done)
        {
            if (TryProveNext())
            {
                continue;
            }

            lock (_gate)
            {
                while (Volatile.Read(ref _states[index]) != Done)
                {
                    Monitor.Wait(_gate);
                }
            }
        }
    }

    /// <summary>Withdraws the files not taken yet and waits for the proofs under way, so no proof outlives the read.</summary>
    public void Dispose()
    {
        for (var i = 0; i < _states.Length; i++)
        {
            Interlocked.CompareExchange(ref _states[i], Withdrawn, Waiting);
        }

        lock (_gate)
        {
            while (Array.IndexOf(_states, Proving) >= 0)
            {
                Monitor.Wait(_gate);
            }
        }
    }

    private void ProveUntilEmpty()
    {
        while (TryProveNext())
        {
        }
    }

    // Takes the first file nobody has taken (pool threads and the reader both move the cursor; the reader may also have
    // taken a later one directly) and proves it.
    private bool TryProveNext()
    {
        for (var index = Interlocked.Increment(ref _next) - 1; index < _files.Length; index = Interlocked.Increment(ref _next) - 1)
        {
            if (TryProve(index))
            {
                return true;
            }
        }

        return false;
    }

    private bool TryProve(int index)
    {
        if (Interlocked.CompareExchange(ref _states[index], Proving, Waiting) != Waiting)
        {
            return false;
        }

        try
        {
            ProvenDataFiles.Prove(_files[index], new FileInfo(_files[index]).Length);
        }
        catch (Exception)
        {
            // Not proven, so not remembered: the reader's own ProvenDataFiles.Prove meets the same damage (or whatever this
            // met) on its own thread and reports it there; thrown here, on a pool thread, it would end the process instead.
        }
        finally
        {
            lock (_gate)
            {
                Volatile.Write(ref _states[index], Done);
                Monitor.PulseAll(_gate);
            }
        }

        return true;
    }
}
