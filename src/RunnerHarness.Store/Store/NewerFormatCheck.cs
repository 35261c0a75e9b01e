using System.Text;
using System.Text.Json;
using RunnerHarness.Schema;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Store.Parquet;

namespace RunnerHarness.Store;

/// <summary>
/// Tells whether a file was written by a newer harness than this one: a record of a higher <c>format_version</c>, or a
/// column this version's schema does not have. Such a file reads fine (its known columns), but rewriting it through
/// this version's records would drop what this version cannot hold, so compaction, migration and log recovery leave
/// it as it is and name it. Sealed files are asked only when their name carries a checksum: in an older file an
/// unknown column is damage, which the readers report as such.
/// </summary>
internal static class NewerFormatCheck
{
    private const int MaxNamesKept = 20;

    private static readonly int FormatVersionIndex =
        JsonLinesColumnFactory.All.Select((c, i) => (c.Name, i)).Single(p => p.Name == RecordColumns.FormatVersion).i;

    /// <summary>What makes the sealed file at <paramref name="path"/> newer than this version, for a message, or <see langword="null"/>.</summary>
    /// <exception cref="CorruptSegmentException">The file fails its checksum or does not decode; the caller's read reports it.</exception>
    public static string? Describe(string path)
    {
        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        int version;
        if (path.EndsWith(StoreLayout.ParquetExtension, StringComparison.OrdinalIgnoreCase))
        {
            version = ScanParquet(path, unknown);
        }
        else
        {
            SegmentChecksum.Verify(path);
            version = ScanJsonLines(path, unknown);
        }

        return Describe(version, unknown);
    }

    /// <summary>What makes the write-ahead log at <paramref name="path"/> (a JSON Lines file without a checksum) a newer writer's, or <see langword="null"/>.</summary>
    public static string? DescribeLog(string path)
    {
        var unknown = new SortedSet<string>(StringComparer.Ordinal);
        return Describe(ScanJsonLines(path, unknown), unknown);
    }

    private static string? Describe(int version, SortedSet<string> unknown)
    {
        if (version <= ResultRecord.CurrentFormatVersion && unknown.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder("written by a newer harness (");
        text.Append(version > ResultRecord.CurrentFormatVersion ? $"records of format {version}" : "records");
        if (unknown.Count > 0)
        {
            text.Append($" with the column(s) {string.Join(", ", unknown)}{(unknown.Count == MaxNamesKept ? ", ..." : "")}");
        }

        return text.Append($"; this version writes format {ResultRecord.CurrentFormatVersion} and does not know ")
            .Append(unknown.Count > 0 ? "those columns)" : "that format)")
            .ToString();
    }

    private static int ScanJsonLines(string path, SortedSet<string> unknown)
    {
        var version = 0;
        JsonLinesFileReader.Scan(path, (line, _) => version = Math.Max(version, ScanLine(line, unknown)), static _ => { }, StoreProblemKind.BadLine);
        return version;
    }

    /// <summary>Adds the line's top-level names outside the schema to <paramref name="unknown"/>; returns its <c>format_version</c> (0 when none).</summary>
    private static int ScanLine(ReadOnlySpan<byte> line, SortedSet<string> unknown)
    {
        var version = 0;
        var reader = new Utf8JsonReader(line);

        // A writer writes the columns in schema order: each known name is compared as bytes, no string made of it.
        var expected = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                var index = JsonLinesProjectedParser.ColumnIndex(ref reader, expected);
                if (index == FormatVersionIndex)
                {
                    if (reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
                    {
                        version = value;
                    }
                }
                else if (index < 0 && unknown.Count < MaxNamesKept)
                {
                    unknown.Add(reader.GetString()!);
                }

                expected = index + 1;
            }
        }
        catch (JsonException)
        {
            // A line that does not parse is the reader's to report, not a sign of a newer writer.
        }

        return version;
    }

    private static int ScanParquet(string path, SortedSet<string> unknown)
    {
        foreach (var name in ParquetSegmentReader.ColumnNames(path).Where(n => !RecordSchema.IsColumn(n)).Take(MaxNamesKept))
        {
            unknown.Add(name);
        }

        var version = 0;
        foreach (var record in new ParquetSegmentReader().Read(path, RecordProjection.Of(RecordColumns.FormatVersion), static _ => { }))
        {
            version = Math.Max(version, record.FormatVersion);
        }

        return version;
    }
}
