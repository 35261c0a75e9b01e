using System.Globalization;
using System.Text.Json;
using RunnerHarness.Schema;

namespace RunnerHarness.Interop;

/// <summary>
/// The <c>format_version</c> of a record imported from a JSON line. The serializer gives a line that does not name the column
/// its type's default, 0, which is no format a harness writes: such a line (another tool's) holds the columns of the importing
/// writer's format, so it is stored as <see cref="ResultRecord.CurrentFormatVersion"/>, as a new record is. Every other column
/// a line leaves out already holds a new record's value (null; <c>outcome</c> <c>passed</c>, the serializer's default too;
/// the id is derived from the line). A line naming a version keeps it; one naming a version below 1 is not a record.
/// </summary>
internal static class ImportedFormatVersion
{
    private static readonly byte[] ColumnName = "format_version"u8.ToArray();

    /// <summary>
    /// <paramref name="record"/>, parsed from <paramref name="line"/>, with the format version it is imported as; or
    /// <see langword="null"/> and the reason when the line names a version no format has (below 1).
    /// </summary>
    public static ResultRecord? Resolve(ResultRecord record, ReadOnlySpan<byte> line, out string? error)
    {
        ArgumentNullException.ThrowIfNull(record);
        error = null;
        if (record.FormatVersion >= 1)
        {
            return record;
        }

        if (record.FormatVersion == 0 && !NamesFormatVersion(line))
        {
            // BuildRead: no id is drawn for a line without one; its id is derived from its content and occurrence later.
            return new ResultRecordBuilder(record) { FormatVersion = ResultRecord.CurrentFormatVersion }.BuildRead();
        }

        error = string.Create(CultureInfo.InvariantCulture,
            $"its format_version {record.FormatVersion} is no record format (1 to {ResultRecord.CurrentFormatVersion} are; a line without format_version is imported as format {ResultRecord.CurrentFormatVersion})");
        return null;
    }

    // Only asked of a line whose record parsed with format_version 0, so a line without the column, the common case of another
    // tool's file, pays one more pass of its tokens; a line in the writers' shape never does.
    private static bool NamesFormatVersion(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                if (reader.ValueTextEquals(ColumnName))
                {
                    return true;
                }

                reader.Read();
                reader.Skip();
            }
        }

        return false;
    }
}
