using System.Text;
using RunnerHarness.Reporting;
using RunnerHarness.Schema;
using RunnerHarness.Store;

namespace RunnerHarness.Export;

/// <summary>
/// Exports records through the store's own segment writers (<see cref="SegmentFormats"/>), so an export
/// is byte-for-byte the format the store writes and any reader of the store reads it. Files appear
/// only when complete: each is written beside its destination and renamed into place.
/// </summary>
internal static class SegmentExporter
{
    /// <summary>The longest folder name (in UTF-8 bytes) a partition may have: the limit of Linux, macOS and Windows file systems.</summary>
    public const int MaxFolderNameBytes = 255;

    /// <summary>How many records are buffered before a batch is written; bounds memory for streamed formats.</summary>
    public const int BatchSize = 10_000;

    /// <summary>
    /// Writes <paramref name="records"/> as one file at <paramref name="path"/>. JSON Lines streams in
    /// batches; a format whose files are written in one go (Parquet) holds the whole selection in
    /// memory first, so export large Parquet selections with <see cref="WritePartitioned"/>.
    /// </summary>
    /// <returns>The number of records written.</returns>
    public static long WriteFile(IEnumerable<ResultRecord> records, StorageFormat format, string path)
    {
        ArgumentNullException.ThrowIfNull(records);
        var writer = SegmentFormats.WriterFor(format);
        return WriteAtomically(path, stream =>
        {
            long count = 0;
            var batch = new List<ResultRecord>(BatchSize);
            foreach (var record in records)
            {
                batch.Add(record);
                count++;

                // Only JSON Lines files may be concatenated from batches; other formats get one call.
                if (format == StorageFormat.Json && batch.Count == BatchSize)
                {
                    writer.Write(batch, stream);
                    batch.Clear();
                }
            }

            if (batch.Count > 0 || count == 0)
            {
                writer.Write(batch, stream);
            }

            return count;
        });
    }

    /// <summary>
    /// Writes <paramref name="records"/> as a Hive-style partitioned dataset under <paramref name="directory"/>:
    /// <c>&lt;column&gt;=&lt;value&gt;/part-00000.&lt;ext&gt;</c>, readable as one table by DuckDB, Spark, pyarrow and Trino.
    /// At most <paramref name="recordsPerFile"/> records go to a file, and at most that many are buffered
    /// across all partitions: when the buffer is full, the largest partition's batch is written out.
    /// </summary>
    /// <returns>The number of records and files written.</returns>
    /// <exception cref="ArgumentException"><paramref name="partitionColumn"/> could name a folder outside <paramref name="directory"/> (see <see cref="PartitionColumnProblem"/>).</exception>
    public static (long Records, int Files) WritePartitioned(
        IEnumerable<ResultRecord> records, StorageFormat format, string directory, string partitionColumn, int recordsPerFile = 250_000)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentException.ThrowIfNullOrWhiteSpace(partitionColumn);
        if (PartitionColumnProblem(partitionColumn) is { } problem)
        {
            throw new ArgumentException(problem, nameof(partitionColumn));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(recordsPerFile);
        var writer = SegmentFormats.WriterFor(format);
        Directory.CreateDirectory(directory);
        var buffers = new Dictionary<string, List<ResultRecord>>(StringComparer.Ordinal);
        var fileNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
        long count = 0;
        var buffered = 0;
        var files = 0;

        void Flush(string partition)
        {
            var batch = buffers[partition];
            var number = fileNumbers.GetValueOrDefault(partition);
            fileNumbers[partition] = number + 1;
            var folder = Path.Combine(directory, partition);
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, $"part-{number:D5}{writer.Extension}");
            WriteAtomically(path, stream =>
            {
                writer.Write(batch, stream);
                return 0;
            });
            buffered -= batch.Count;
            batch.Clear();
            files++;
        }

        foreach (var record in records)
        {
            var value = RecordDimensions.ValueOf(record, partitionColumn);
            var partition = partitionColumn + "=" + PartitionValue(value);
            if (Encoding.UTF8.GetByteCount(partition) > MaxFolderNameBytes)
            {
                var shown = VisibleText.Of(value);
                throw new IOException(
                    $"The {partitionColumn} value '{(shown.Length > 60 ? shown[..60] + "..." : shown)}' ({value!.Length} characters) would make a partition folder name of " +
                    $"{Encoding.UTF8.GetByteCount(partition)} bytes, over the {MaxFolderNameBytes} bytes a file name may have; partition by another column.");
            }

            if (!buffers.TryGetValue(partition, out var batch))
            {
                batch = [];
                buffers.Add(partition, batch);
            }

            batch.Add(record);
            buffered++;
            count++;
            if (batch.Count >= recordsPerFile)
            {
                Flush(partition);
            }
            else if (buffered >= recordsPerFile)
            {
                Flush(buffers.MaxBy(b => b.Value.Count).Key);
            }
        }

        foreach (var partition in buffers.Where(b => b.Value.Count > 0).Select(b => b.Key).ToArray())
        {
            Flush(partition);
        }

        return (count, files);
    }

    /// <summary>
    /// Why <paramref name="column"/> cannot name partition folders, or <see langword="null"/> when it can:
    /// it becomes the first part of a folder name, so only letters, digits, '_', '-' and '.' are
    /// allowed, not at the start a '.', so it can never be a path, a separator or <c>..</c>.
    /// </summary>
    public static string? PartitionColumnProblem(string column) =>
        column.Length > 0 && column[0] != '.' && column.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.')
            ? null
            : $"'{VisibleText.Of(column)}' cannot name partition folders: use a column or dimension name of letters, digits, '_', '-' and '.', not starting with '.' (e.g. model).";

    /// <summary>
    /// A partition value as Hive escapes it: characters that are unsafe in a path or meaningful to the
    /// partition syntax become <c>%XX</c>; a missing value is <c>__HIVE_DEFAULT_PARTITION__</c>.
    /// </summary>
    public static string PartitionValue(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "__HIVE_DEFAULT_PARTITION__";
        }

        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c < 0x20 || c == 0x7F || "\"#%'*/:=?\\{[]^".Contains(c, StringComparison.Ordinal))
            {
                text.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>Writes to a temporary file beside <paramref name="path"/>, flushes it to disk and renames it into place.</summary>
    public static T WriteAtomically<T>(string path, Func<Stream, T> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            T result;
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                result = write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
            return result;
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
