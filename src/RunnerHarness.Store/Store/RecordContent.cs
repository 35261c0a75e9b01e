using System.Buffers;
using RunnerHarness.Schema;

namespace RunnerHarness.Store;

/// <summary>
/// What a record says, apart from where it was written: every column but <c>run_id</c>, <c>host</c>, <c>process_id</c> and
/// <c>shard</c>, which a writer or an import stamps. Two copies of a <c>record_id</c> with the same content are one result
/// stored twice; import skips such a copy, and <c>verify</c> tells such a pair apart from a real conflict.
/// </summary>
internal static class RecordContent
{
    /// <summary>
    /// The digest of <paramref name="record"/>'s content, using <paramref name="line"/> as scratch; thread-safe with a scratch
    /// a thread. The id is taken as readers compare ids (<see cref="RecordIdComparer.Canonical"/>). A record of
    /// <c>format_version</c> 0 is one an import before that column was required stored from a line without it: it is compared
    /// as the format the same line is imported as now (<c>ImportedFormatVersion</c>), so importing that file again is no conflict.
    /// </summary>
    public static UInt128 Digest(ResultRecord record, ArrayBufferWriter<byte> line) =>
        StoreFingerprint.DigestOf(new ResultRecordBuilder(record)
        {
            RecordId = RecordIdComparer.Canonical(record.RecordId),
            RunId = null,
            Host = null,
            ProcessId = null,
            Shard = null,
            FormatVersion = record.FormatVersion == 0 ? ResultRecord.CurrentFormatVersion : record.FormatVersion,
        }.Build(), line);
}
