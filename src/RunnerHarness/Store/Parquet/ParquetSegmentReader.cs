using Parquet;
using Parquet.Schema;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// Streams the records of a sealed Parquet file one row group at a time, reading only the projected
/// columns. Columns a file lacks (written before they were added) read as <see langword="null"/>.
/// </summary>
/// <remarks>
/// Maps round-trip exactly: a null dictionary and an empty one are stored apart and read back apart,
/// entries keep their order, and a null value in a string map stays null. Timestamps come back as the
/// same UTC instant with <see cref="DateTimeKind.Utc"/>, to the microsecond (the writer truncates the
/// sub-microsecond part of a tick; a local time comes back as its UTC equivalent). Columns outside the projection keep the values a new
/// <see cref="ResultRecord"/> has (null, and <see cref="ResultRecord.CurrentFormatVersion"/>).
/// </remarks>
public sealed class ParquetSegmentReader : ISegmentReader
{
    private const int FileBufferSize = 1 << 16;

    /// <inheritdoc />
    public string Extension => StoreLayout.ParquetExtension;

    /// <inheritdoc />
    /// <remarks>
    /// The file is opened when enumeration starts, so <see cref="CorruptSegmentException"/> (a file
    /// without its footer, not Parquet, a schema without <c>record_id</c> or with a column of another
    /// type, a row group that does not decode) is thrown from the enumeration. A whole file is either
    /// readable or not, so nothing goes to <paramref name="report"/>.
    /// </remarks>
    public IEnumerable<ResultRecord> Read(string path, RecordProjection projection, Action<StoreProblem> report)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(projection);
        return ReadRowGroups(path, projection);
    }

    private static IEnumerable<ResultRecord> ReadRowGroups(string path, RecordProjection projection)
    {
        var reader = Open(path);
        try
        {
            var bindings = Bind(path, reader.Schema, projection);
            for (var index = 0; index < reader.RowGroupCount; index++)
            {
                foreach (var record in ReadRowGroup(path, reader, index, bindings))
                {
                    yield return record;
                }
            }
        }
        finally
        {
            SyncOverAsync.Run(() => reader.DisposeAsync().AsTask());
        }
    }

    private static ParquetReader Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileBufferSize, FileOptions.RandomAccess);
        try
        {
            return SyncOverAsync.Run(() => ParquetReader.CreateAsync(stream, new ParquetOptions(), leaveStreamOpen: false));
        }
        catch (Exception ex) when (IsDecodingFailure(ex))
        {
            stream.Dispose();
            var length = new FileInfo(path).Length;
            throw new CorruptSegmentException($"{path} is not a readable Parquet file ({length} bytes; truncated or missing its footer?): {ex.Message}", ex);
        }
    }

    private static (ParquetRecordColumn Column, Field Field)[] Bind(string path, ParquetSchema schema, RecordProjection projection)
    {
        var fields = schema.Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        if (!fields.ContainsKey(RecordColumns.RecordId))
        {
            throw new CorruptSegmentException($"{path} has no '{RecordColumns.RecordId}' column, so it is not a record file (columns: {string.Join(", ", fields.Keys)}).");
        }

        var bindings = new List<(ParquetRecordColumn, Field)>();
        foreach (var column in ParquetRecordColumns.All)
        {
            if (!projection.Includes(column.Name) || !fields.TryGetValue(column.Name, out var field))
            {
                continue;
            }

            if (column.Incompatibility(field) is { } problem)
            {
                throw new CorruptSegmentException($"{path} has an unexpected schema: {problem}.");
            }

            bindings.Add((column, field));
        }

        return [.. bindings];
    }

    private static ResultRecord[] ReadRowGroup(string path, ParquetReader reader, int index, (ParquetRecordColumn Column, Field Field)[] bindings)
    {
        try
        {
            return SyncOverAsync.Run(async () =>
            {
                var rowGroup = reader.OpenRowGroupReader(index);
                var records = new ResultRecord[checked((int)rowGroup.RowCount)];
                for (var i = 0; i < records.Length; i++)
                {
                    records[i] = new ResultRecord();
                }

                foreach (var (column, field) in bindings)
                {
                    await column.ReadAsync(rowGroup, field, records).ConfigureAwait(false);
                }

                return records;
            });
        }
        catch (Exception ex) when (IsDecodingFailure(ex))
        {
            throw new CorruptSegmentException($"{path}: row group {index} cannot be read: {ex.Message}", ex);
        }
    }

    // Parquet.Net reports damage with a spread of exception types (IOException, its own
    // ParquetException, InvalidDataException, index and cast errors from a bad page); all mean the
    // bytes are not what the footer promises. Only process-level failures are let through.
    private static bool IsDecodingFailure(Exception ex) =>
        ex is not (OutOfMemoryException or OperationCanceledException or ThreadAbortException or FileNotFoundException or UnauthorizedAccessException);
}
