using RunnerHarness.Schema;

namespace RunnerHarness.Store;

/// <summary>
/// The columns that say where a record was written (run id, host, process id and, for a sharded run, shard), set where a
/// record leaves them unset, and a new time-ordered id for a record without one. Shared by the live writer and the bulk
/// writer so that a record is stored the same whichever of them writes it.
/// </summary>
internal sealed class RecordStamp(WriterIdentity identity)
{
    private readonly string _host = Environment.MachineName;
    private readonly int _processId = Environment.ProcessId;

    /// <summary>The host name stamped.</summary>
    public string Host => _host;

    /// <summary>The process id stamped.</summary>
    public int ProcessId => _processId;

    /// <summary>Sets the unset columns of <paramref name="record"/> and returns it.</summary>
    public ResultRecordBuilder Stamp(ResultRecordBuilder record)
    {
        ArgumentNullException.ThrowIfNull(record);
        record.RunId ??= identity.RunId;
        record.Host ??= _host;
        record.ProcessId ??= _processId;
        record.Shard ??= identity.Shard;
        return record;
    }

    /// <summary><paramref name="record"/> itself when it is stamped already, else a stamped copy (with a new id if it had none).</summary>
    public ResultRecord Stamped(ResultRecord record) =>
        !string.IsNullOrEmpty(record.RecordId) && record.RunId is not null && record.Host is not null && record.ProcessId is not null
        && (record.Shard is not null || identity.Shard is null)
            ? record
            : Stamp(new ResultRecordBuilder(record)).Build();
}
