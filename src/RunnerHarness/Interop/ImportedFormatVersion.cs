using System.Globalization;
using RunnerHarness.Schema;

namespace RunnerHarness.Interop;

/// <summary>
/// The <c>format_version</c> of a record imported from a JSON line. The serializer gives a line that does not name the column
/// its type's default, 0, which is no format a harness writes: such a line (another tool's) holds the columns of the importing
/// writer's format, so it is stored as <see cref="ResultRecord.CurrentFormatVersion"/>, as a new record is. A line naming 0 is
/// taken the same way: imports before this rule stored lines without the column as 0, and <c>export</c> of such a store
/// writes it, so export and import again must not lose those records. Every other column a line leaves out already holds a
/// new record's value (null; <c>outcome</c> <c>passed</c>, the serializer's default too; the id is derived from the line).
/// A line naming a version from 1 keeps it; one naming a negative version is not a record.
/// </summary>
internal static class ImportedFormatVersion
{
    /// <summary>
    /// <paramref name="record"/>, parsed from a line, with the format version it is imported as; or
    /// <see langword="null"/> and the reason when the line names a negative version, which no format has.
    /// </summary>
    public static ResultRecord? Resolve(ResultRecord record, out string? error)
    {
        ArgumentNullException.ThrowIfNull(record);
        error = null;
        if (record.FormatVersion >= 1)
        {
            return record;
        }

        if (record.FormatVersion == 0)
        {
            // BuildRead: no id is drawn for a line without one; its id is derived from its content and occurrence later.
            return new ResultRecordBuilder(record) { FormatVersion = ResultRecord.CurrentFormatVersion }.BuildRead();
        }

        error = string.Create(CultureInfo.InvariantCulture,
            $"its format_version {record.FormatVersion} is no record format (1 to {ResultRecord.CurrentFormatVersion} are; a line without format_version, or with 0 as imports before format 3 stored it, is imported as format {ResultRecord.CurrentFormatVersion})");
        return null;
    }
}
