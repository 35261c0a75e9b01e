namespace RunnerHarness.Store;

/// <summary>
/// The sealed files of one bulk write (compaction, migration, import, the generator), sealed in order. A Parquet file whose
/// rows are already gathered is encoded and sealed on the thread pool while the caller reads and gathers the next file's
/// records, so a two-core machine does both at once; at most one seal is under way, so at most two files' column buffers
/// are held. Not thread-safe: one caller.
/// </summary>
internal sealed class SealQueue
{
    private readonly List<string> _sealed = [];
    private Task<string>? _pending;

    /// <summary>
    /// The files sealed so far, in order; a seal under way is among them once waited for (<see cref="Wait"/>), and so is one
    /// whose seal failed after its rename into place (<see cref="UnfinishedSealException"/>).
    /// </summary>
    public IReadOnlyList<string> Sealed => _sealed;

    /// <summary>Waits for the seal under way (rethrowing its failure), then starts <paramref name="seal"/> on the thread pool.</summary>
    public void Start(Func<string> seal)
    {
        ArgumentNullException.ThrowIfNull(seal);
        Wait();
        _pending = Task.Run(seal);
    }

    /// <summary>Waits for the seal under way (rethrowing its failure), then runs <paramref name="seal"/> on this thread.</summary>
    public void Run(Func<string> seal)
    {
        ArgumentNullException.ThrowIfNull(seal);
        Wait();
        try
        {
            _sealed.Add(seal());
        }
        catch (UnfinishedSealException ex)
        {
            // Renamed into place though the seal failed: the caller's to remove with the rest.
            _sealed.Add(ex.SealedFile);
            throw;
        }
    }

    /// <summary>Waits for the seal under way; its own exception (an <see cref="IOException"/> stays one) is rethrown.</summary>
    public void Wait()
    {
        if (_pending is { } pending)
        {
            _pending = null;
            try
            {
                _sealed.Add(pending.GetAwaiter().GetResult());
            }
            catch (UnfinishedSealException ex)
            {
                _sealed.Add(ex.SealedFile);
                throw;
            }
        }
    }

    /// <summary>
    /// After a failure elsewhere: waits for the seal under way without rethrowing its own failure (the one being handled is
    /// what is reported), so that every file this write sealed is in <see cref="Sealed"/> for the caller to remove.
    /// </summary>
    public void Settle()
    {
        if (_pending is { } pending)
        {
            _pending = null;
            ((Task)pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
            if (pending.IsCompletedSuccessfully)
            {
                _sealed.Add(pending.Result);
            }
            else if (pending.Exception?.InnerException is UnfinishedSealException unfinished)
            {
                _sealed.Add(unfinished.SealedFile);
            }
        }
    }
}
