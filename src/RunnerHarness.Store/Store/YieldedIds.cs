namespace RunnerHarness.Store;

/// <summary>
/// The ids a deduplicating read has yielded, kept as cheaply as its <see cref="ConflictPlan"/> allows. For the files of a
/// plan that proves their ids unique (<see cref="ConflictPlan.ProvesUniqueIds"/>), no id at all: only how many records of
/// each file the read has gone past, which with the plan's locations answers whether a copy met again was yielded. Any
/// other record (a log's, one of a file listed again after a compaction merged the files being read, any record when the
/// plan proves nothing) has its id kept in a set, as every read kept every id before.
/// </summary>
internal sealed class YieldedIds
{
    private readonly ConflictPlan _plan;
    private readonly long[] _passed;
    private readonly RecordIdSet _others = new();

    /// <summary>Creates the ids of a read of the <paramref name="files"/> files <paramref name="plan"/> planned.</summary>
    public YieldedIds(ConflictPlan plan, int files)
    {
        _plan = plan;
        _passed = new long[files];
    }

    /// <summary>Whether the records of the planned files need no id check: the plan proves that they hold each id once.</summary>
    public bool Proven => _plan.ProvesUniqueIds;

    /// <summary>Notes that the read has gone past one more record of planned file <paramref name="file"/>, yielded or not.</summary>
    public void Pass(int file) => _passed[file]++;

    /// <summary>Adds the id of a record that the plan does not vouch for; <see langword="false"/> when a copy of it was yielded already.</summary>
    public bool Add(string recordId) => !_plan.CountedCopyPassed(recordId, _passed) && _others.Add(recordId);
}
