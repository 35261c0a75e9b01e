using Parquet;
using Parquet.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// The <c>record_id</c> column of one row group as a conflict plan's id pass takes it: each row's id parsed from the
/// UTF-8 bytes Parquet.Net decodes it to (<see cref="ParsedRecordId.Of(ReadOnlySpan{byte})"/>), with no string and no
/// characters made for a UUID. The column is read as bytes through a twin of its field declared as binary (the same
/// name and levels: Parquet.Net decodes a string column's values to characters, a binary column's to their bytes), into
/// value and level buffers kept for a later row group, as are the parsed ids (the id pass alternates two of these as a
/// read alternates <see cref="DecodedRowGroups"/>).
/// </summary>
internal sealed class ParquetRecordIds
{
    private ParsedRecordId[] _rows = [];
    private ReadOnlyMemory<byte>[] _values = [];
    private int[] _levels = [];
    private DataField? _field;
    private DataField? _binary;

    /// <summary>The id of row <paramref name="row"/> of the row group decoded last; none for a row without one.</summary>
    public ParsedRecordId this[int row] => _rows[row];

    /// <summary>Decodes the column <paramref name="field"/> of <paramref name="rowGroup"/>, <paramref name="rowCount"/> rows, replacing the row group held before.</summary>
    /// <exception cref="InvalidDataException">The column counts fewer values than rows, or holds fewer than its definition levels promise.</exception>
    public async Task<ParquetRecordIds> DecodeAsync(ParquetRowGroupReader rowGroup, DataField field, int rowCount)
    {
        var binary = BinaryTwin(field);

        // Parquet.Net reads every value the chunk's metadata counts, so the buffers hold that many (a damaged count fails the read).
        var valueCount = checked((int)(rowGroup.GetMetadata(field)?.MetaData?.NumValues ?? rowCount));
        if (valueCount < rowCount)
        {
            throw new InvalidDataException($"column '{field.Name}' counts {valueCount} values in a row group of {rowCount} rows");
        }

        if (_values.Length < valueCount)
        {
            _values = new ReadOnlyMemory<byte>[valueCount];
        }

        var levels = binary.MaxDefinitionLevel == 0 ? null : (Memory<int>?)Levels(valueCount);
        _values.AsSpan(0, valueCount).Clear();
        await rowGroup.ReadRawAsync(binary, _values.AsMemory(0, valueCount), levels, null, CancellationToken.None).ConfigureAwait(false);
        if (_rows.Length < rowCount)
        {
            _rows = new ParsedRecordId[rowCount];
        }

        Fill(field, binary.MaxDefinitionLevel, valueCount, rowCount);
        return this;
    }

    // The twin of the file's field, made once for the file (the id pass decodes one file's row groups into a set).
    private DataField BinaryTwin(DataField field)
    {
        if (!ReferenceEquals(field, _field))
        {
            _binary = ParquetTwinField.Attach(new DataField<byte[]>(field.Name, field.IsNullable));
            _field = field;
        }

        return _binary!;
    }

    private Memory<int> Levels(int valueCount)
    {
        if (_levels.Length < valueCount)
        {
            _levels = new int[valueCount];
        }

        return _levels.AsMemory(0, valueCount);
    }

    // Every row below rowCount is written, so no id of the row group held before survives. Parquet.Net puts the defined
    // values first, in row order, and a level a row.
    private void Fill(DataField field, int maxDefinitionLevel, int valueCount, int rowCount)
    {
        var next = 0;
        for (var i = 0; i < rowCount; i++)
        {
            if (maxDefinitionLevel != 0 && _levels[i] != maxDefinitionLevel)
            {
                _rows[i] = default;
                continue;
            }

            if (next >= valueCount)
            {
                throw new InvalidDataException($"column '{field.Name}' has fewer values than its {rowCount} rows define");
            }

            _rows[i] = ParsedRecordId.Of(_values[next++].Span);
        }
    }
}
