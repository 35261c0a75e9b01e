using Parquet;
using Parquet.Schema;
using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// Streams the records of a sealed Parquet file one row group at a time, reading only the projected
/// columns. A file whose name carries a checksum is checked against it before its footer is decoded.
/// A column every writer writes (<see cref="WrittenColumns"/>) that a file lacks is damage; a column
/// added later that an older file lacks reads as <see langword="null"/>; a column outside the schema is
/// damage in a file without a checksum (a renamed column) and ignored in one whose checksum holds (a
/// newer writer's column). A file without a checksum has its footer decoded within its own bytes first
/// (<see cref="ParquetFooterCheck"/>) and its pages read through a <see cref="StrictEndStream"/>, so damaged
/// metadata is reported instead of sending Parquet.Net's decoder into an endless loop.
/// Memory is bounded by two row groups' projected columns: the one being enumerated and the next,
/// decoded ahead on a pool thread, in two sets of column arrays allocated once per read (<see cref="DecodedRowGroups"/>).
/// </summary>
/// <remarks>
/// Maps round-trip exactly: a null dictionary and an empty one are stored apart and read back apart,
/// entries keep their order, and a null value in a string map stays null. Timestamps come back as the
/// same UTC instant with <see cref="DateTimeKind.Utc"/>, to the microsecond (the writer truncates the
/// sub-microsecond part of a tick; a local time comes back as its UTC equivalent). Columns outside the projection keep the values a new
/// <see cref="ResultRecord"/> has (null, and <see cref="ResultRecord.CurrentFormatVersion"/>).
/// </remarks>
internal sealed class ParquetSegmentReader : ISegmentReader
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
        return ReadRowGroups(path, projection, verifiedBefore: null);
    }

    /// <summary>
    /// <see cref="Read(string, RecordProjection, Action{StoreProblem})"/>, through the handle <paramref name="verified"/> holds for <paramref name="path"/> when it holds
    /// one (its bytes already checked against the checksum in the name, so they are not hashed again), else as
    /// <see cref="Read(string, RecordProjection, Action{StoreProblem})"/> does. The handle is taken when enumeration starts.
    /// </summary>
    internal static IEnumerable<ResultRecord> Read(string path, RecordProjection projection, VerifiedSegments verified)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(verified);
        return ReadRowGroups(path, projection, verified);
    }

    /// <inheritdoc />
    /// <remarks>The file's checksum is not checked again, and a column outside the schema is ignored, as in a file whose checksum holds.</remarks>
    public IEnumerable<ResultRecord> ReadVerified(string path, Stream verified, RecordProjection projection, Action<StoreProblem> report)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(verified);
        ArgumentNullException.ThrowIfNull(projection);
        return ReadRowGroups(Continue(path, () => OpenRead(path, projection, verified, shared: null)));
    }

    /// <summary>The names of the top-level columns of the Parquet file at <paramref name="path"/>, checked against its checksum first.</summary>
    /// <exception cref="CorruptSegmentException">The file fails its checksum or its footer does not decode.</exception>
    internal static IReadOnlyList<string> ColumnNames(string path)
    {
        var (file, checksummed) = OpenVerified(path, verifiedBefore: null);
        var reader = Open(path, file, checksummed, leaveFileOpen: false);
        try
        {
            return [.. SchemaOf(path, reader).Fields.Select(f => f.Name)];
        }
        finally
        {
            SyncOverAsync.Run(() => reader.DisposeAsync().AsTask());
        }
    }

    /// <summary>
    /// The <c>record_id</c> of every row of the Parquet file at <paramref name="path"/>, in row order (none for a row
    /// without one, so the n-th id is the n-th record a read yields), checked against its checksum first: the one column
    /// decoded, each id parsed from its characters (no string for a UUID) and no record built per row (a conflict plan's
    /// first pass). When the ids were read to the end and the file carries a checksum, its open handle goes to
    /// <paramref name="keep"/>, if given, for the read that follows.
    /// </summary>
    /// <exception cref="CorruptSegmentException">The file fails its checksum or does not decode.</exception>
    internal static IEnumerable<ParsedRecordId> RecordIds(string path, VerifiedSegments? keep = null)
    {
        var (file, verified) = OpenVerified(path, verifiedBefore: null);
        var reader = Open(path, file, verified, leaveFileOpen: true);
        Task<ParquetRecordIds>? decoding = null;
        var whole = false;
        try
        {
            // Bound as a read binds it, so a file whose schema a read rejects is rejected here too.
            var bindings = Bind(path, SchemaOf(path, reader), RecordProjection.Of(RecordColumns.RecordId), verified);
            var field = (DataField)bindings.Single(b => b.Column.Name == RecordColumns.RecordId).Field;
            var rowGroupCount = reader.RowGroupCount;
            ParquetRecordIds[] sets = [new(), new()];

            // As in a read: the next row group's ids are decoded on a pool thread while the caller takes this one's,
            // into the other of two sets taken in turn.
            if (rowGroupCount > 0)
            {
                decoding = Task.Run(() => sets[0].DecodeAsync(reader.OpenRowGroupReader(0), field, checked((int)reader.RowGroups[0].RowCount)));
            }

            for (var index = 0; index < rowGroupCount; index++)
            {
                var ids = Await(path, index, decoding!);
                var rowCount = checked((int)reader.RowGroups[index].RowCount);
                var next = index + 1;
                decoding = next < rowGroupCount
                    ? Task.Run(() => sets[next % 2].DecodeAsync(reader.OpenRowGroupReader(next), field, checked((int)reader.RowGroups[next].RowCount)))
                    : null;
                for (var row = 0; row < rowCount; row++)
                {
                    yield return ids[row];
                }
            }

            whole = true;
        }
        finally
        {
            // An abandoned enumeration must not close the file under a decode still running.
            if (decoding is not null)
            {
                ((Task)decoding).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
            }

            SyncOverAsync.Run(() => reader.DisposeAsync().AsTask());
            if (!(whole && verified && keep is not null && keep.TryKeep(path, file)))
            {
                file.Dispose();
            }
        }
    }

    /// <summary>
    /// The row groups of the Parquet file at <paramref name="path"/> as decoded column arrays (<see cref="ParquetRowGroup"/>),
    /// through the handle <paramref name="verified"/> holds for it when it holds one; a row group is valid until the
    /// enumeration moves past it. Rows come in the order a record read yields them, and a row's
    /// <see cref="ParquetRowGroup.Record(int)"/> is the record that read yields for it.
    /// </summary>
    internal static IEnumerable<ParquetRowGroup> RowGroups(string path, RecordProjection projection, VerifiedSegments verified)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(verified);
        return DecodeRowGroups(path, projection, verified);
    }

    /// <summary>
    /// <see cref="RowGroups(string, RecordProjection, VerifiedSegments)"/> of a file no earlier pass has checked: the file is
    /// opened and checked against its checksum when enumeration starts, as <see cref="Read(string, RecordProjection, Action{StoreProblem})"/> does.
    /// </summary>
    internal static IEnumerable<ParquetRowGroup> RowGroups(string path, RecordProjection projection)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(projection);
        return DecodeRowGroups(path, projection, verifiedBefore: null);
    }

    private static IEnumerable<ResultRecord> ReadRowGroups(string path, RecordProjection projection, VerifiedSegments? verifiedBefore) =>
        ReadRowGroups(DecodeRowGroups(path, projection, verifiedBefore));

    private static IEnumerable<ResultRecord> ReadRowGroups(IEnumerable<ParquetRowGroup> rowGroups)
    {
        foreach (var rowGroup in rowGroups)
        {
            for (var row = 0; row < rowGroup.RowCount; row++)
            {
                yield return rowGroup.Record(row);
            }
        }
    }

    private static IEnumerable<ParquetRowGroup> DecodeRowGroups(string path, RecordProjection projection, VerifiedSegments? verifiedBefore) =>
        Continue(path, () => OpenRead(path, projection, verifiedBefore?.Take(path), shared: null));

    /// <summary>
    /// <see cref="RowGroups(string, RecordProjection, VerifiedSegments)"/>, started now: the verified handle is taken on this thread, and the file is opened and its
    /// first row group decoded on a pool thread, so the caller can finish the file before while this one is decoded.
    /// </summary>
    /// <remarks>
    /// The file's row groups are decoded into <paramref name="shared"/>'s pair, which the reads of a store's files share: so
    /// start a file only once the caller is on the previous file's last row group (<see cref="ParquetRowGroup.IsLast"/>),
    /// when no decode of that file is running and the caller holds no other row group.
    /// </remarks>
    internal static ParquetRowGroupRead StartRowGroups(string path, RecordProjection projection, VerifiedSegments verified, ParquetDecodeSets shared)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(projection);
        ArgumentNullException.ThrowIfNull(verified);
        ArgumentNullException.ThrowIfNull(shared);
        var kept = verified.Take(path);
        return new ParquetRowGroupRead(path, Task.Run(() => OpenRead(path, projection, kept, shared)));
    }

    // Opens the file (through kept, its verified handle or a view of it, when given), binds the projection and starts
    // decoding row group 0 into the sets shared gives for those columns, or into new ones.
    private static ParquetOpenedRead OpenRead(string path, RecordProjection projection, Stream? kept, ParquetDecodeSets? shared)
    {
        (Stream file, var verified) = kept is not null ? (kept, true) : OpenVerified(path, verifiedBefore: null);
        var reader = Open(path, file, verified, leaveFileOpen: false);
        try
        {
            var bindings = Bind(path, SchemaOf(path, reader), projection, verified);
            var opened = new ParquetOpenedRead(reader, bindings, shared?.For(bindings) ?? new DecodedRowGroups(bindings.Length), null);
            if (reader.RowGroupCount > 0)
            {
                var set = opened.Sets.Next();
                opened.Decoding = Task.Run(() => DecodeRowGroupAsync(reader, 0, bindings, set));
            }

            return opened;
        }
        catch
        {
            SyncOverAsync.Run(() => reader.DisposeAsync().AsTask());
            throw;
        }
    }

    /// <summary>The row groups of the read <paramref name="open"/> opens (when enumeration starts), from row group 0 on.</summary>
    internal static IEnumerable<ParquetRowGroup> Continue(string path, Func<ParquetOpenedRead> open)
    {
        var opened = open();
        var reader = opened.Reader;
        var bindings = opened.Bindings;
        var sets = opened.Sets;
        try
        {
            // The next row group is decoded on a pool thread while the caller consumes this one, so
            // decoding and the caller's work share the cores; at most two row groups are held, in two
            // sets of column arrays that alternate. One builder makes every row's record.
            var rowGroupCount = reader.RowGroupCount;
            for (var index = 0; index < rowGroupCount; index++)
            {
                var columns = Await(path, index, opened.Decoding!);
                var rowCount = checked((int)reader.RowGroups[index].RowCount);
                var next = index + 1;
                if (next < rowGroupCount)
                {
                    var set = sets.Next();
                    opened.Decoding = Task.Run(() => DecodeRowGroupAsync(reader, next, bindings, set));
                }
                else
                {
                    opened.Decoding = null;
                }

                yield return new ParquetRowGroup(bindings, columns, rowCount, opened.Builder, isLast: next == rowGroupCount);
            }
        }
        finally
        {
            // An abandoned enumeration must not close the file under a decode still running.
            // Its failure, if any, was reported already or belongs to a row group nobody asked for.
            opened.Close();
        }
    }

    // The file's handle and whether its name carries a checksum its bytes, read through that handle, match: the handle
    // verifiedBefore holds for it (hashed by the id pass), or a new one hashed now.
    private static (FileStream File, bool Verified) OpenVerified(string path, VerifiedSegments? verifiedBefore)
    {
        if (verifiedBefore?.Take(path) is { } kept)
        {
            return (kept, true);
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileBufferSize, FileOptions.RandomAccess);
        try
        {
            return (file, SegmentChecksum.Verify(path, file));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    // With leaveFileOpen, disposing the reader leaves file open (the id pass hands it on); on failure it is closed either way.
    private static ParquetReader Open(string path, Stream file, bool verified, bool leaveFileOpen)
    {
        var stream = new StrictEndStream(file, path);
        try
        {
            if (!verified)
            {
                ParquetFooterCheck.Check(path, stream);
            }

            return SyncOverAsync.Run(() => ParquetReader.CreateAsync(stream, new ParquetOptions(), leaveStreamOpen: leaveFileOpen));
        }
        catch (Exception ex) when (IsDecodingFailure(ex))
        {
            throw NotReadable(path, stream, ex);
        }
    }

    private static CorruptSegmentException NotReadable(string path, Stream stream, Exception ex)
    {
        stream.Dispose();
        var length = new FileInfo(path).Length;
        return new CorruptSegmentException($"{path} is not a readable Parquet file ({length} bytes; truncated or missing its footer?): {ex.Message}", ex);
    }

    // Parquet.Net builds the schema from the footer on first use, so damage there surfaces here, not at open.
    private static ParquetSchema SchemaOf(string path, ParquetReader reader)
    {
        try
        {
            return reader.Schema;
        }
        catch (Exception ex) when (IsDecodingFailure(ex))
        {
            throw new CorruptSegmentException($"{path} has a footer whose schema does not decode (damaged metadata): {ex.Message}", ex);
        }
    }

    private static (ParquetRecordColumn Column, Field Field)[] Bind(string path, ParquetSchema schema, RecordProjection projection, bool verified)
    {
        var fields = new Dictionary<string, Field>(StringComparer.Ordinal);
        foreach (var field in schema.Fields)
        {
            if (!fields.TryAdd(field.Name, field))
            {
                throw new CorruptSegmentException($"{path} is damaged: the column '{field.Name}' appears twice.");
            }
        }

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

        if (WrittenColumns.Damage(fields.Keys, allowUnknown: verified) is { } damage)
        {
            throw new CorruptSegmentException($"{path} is damaged: {damage}.");
        }

        return [.. bindings];
    }

    // Decodes row group index into columns, the set of column arrays the row group decoded before the last one used (now consumed).
    private static async Task<ParquetColumnValues[]> DecodeRowGroupAsync(ParquetReader reader, int index, (ParquetRecordColumn Column, Field Field)[] bindings, ParquetColumnValues?[] columns)
    {
        var rowGroup = reader.OpenRowGroupReader(index);
        var rowCount = checked((int)rowGroup.RowCount);
        for (var i = 0; i < bindings.Length; i++)
        {
            columns[i] = await bindings[i].Column.ReadAsync(rowGroup, bindings[i].Field, rowCount, columns[i]).ConfigureAwait(false);
        }

        return columns!;
    }

    private static T Await<T>(string path, int index, Task<T> decoding)
    {
        try
        {
            return decoding.GetAwaiter().GetResult();
        }
        catch (Exception ex) when (IsDecodingFailure(ex))
        {
            throw new CorruptSegmentException($"{path}: row group {index} cannot be read: {ex.Message}", ex);
        }
    }

    // Parquet.Net reports damage with a spread of exception types (IOException, its own
    // ParquetException, InvalidDataException, index and cast errors from a bad page); all mean the
    // bytes are not what the footer promises. Process-level failures, and a footer check that cannot
    // bind to this Parquet.Net, are let through.
    internal static bool IsDecodingFailure(Exception ex) =>
        ex is not (OutOfMemoryException or OperationCanceledException or ThreadAbortException or FileNotFoundException or UnauthorizedAccessException or TypeInitializationException);
}
