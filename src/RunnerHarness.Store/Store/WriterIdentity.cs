namespace RunnerHarness.Store;

/// <summary>
/// Who writes: the run, the scope within it (an assembly, an import) and the shard. Two live writers of one
/// store must differ in <see cref="Name"/>; every record a writer appends without a run id or shard gets this one's.
/// </summary>
internal sealed record WriterIdentity
{
    /// <summary>Creates the identity of a writer of run <paramref name="runId"/>.</summary>
    /// <param name="runId">The run: 1 to 100 ASCII letters, digits, '.', '_' or '-' (see <see cref="RunIdentity.IsValidRunId"/>).</param>
    /// <param name="scope">What within the run this writer writes, when several processes share the run id; <see langword="null"/> for the whole run.</param>
    /// <param name="shard">The shard label stamped on records (e.g. <c>0/2</c>); <see langword="null"/> for an unsharded run.</param>
    /// <exception cref="ArgumentException">The run id is invalid.</exception>
    public WriterIdentity(string runId, string? scope = null, string? shard = null)
    {
        if (!RunIdentity.IsValidRunId(runId))
        {
            throw new ArgumentException($"The run id '{runId}' is invalid: use 1 to 100 letters, digits, '.', '_' or '-'.", nameof(runId));
        }

        RunId = runId;
        Scope = scope;
        Shard = shard;
    }

    /// <summary>The run id stamped on records that have none.</summary>
    public string RunId { get; }

    /// <summary>What within the run this writer writes; <see langword="null"/> for the whole run.</summary>
    public string? Scope { get; }

    /// <summary>The shard stamped on records that have none; <see langword="null"/> when the run is not sharded.</summary>
    public string? Shard { get; }

    /// <summary>The name of the writer's log folder under <c>wal/</c>: the run id, then the scope made safe for file names.</summary>
    public string Name => Scope is null ? RunId : $"{RunId}.{StoreLayout.SafeFileName(Scope)}";
}
