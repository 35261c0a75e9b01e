using Parquet;
using Parquet.Data;
using Parquet.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// The <c>record_id</c> column of one row group as a conflict plan's id pass takes it: each row's id parsed from the
/// characters Parquet.Net decodes it to (<see cref="ParsedRecordId"/>), with no string made for a UUID. The array is
/// reused for a later row group (the id pass alternates two of these as a read alternates <see cref="DecodedRowGroups"/>).
/// </summary>
internal sealed class ParquetRecordIds
{
    private ParsedRecordId[] _rows = [];

    /// <summary>The id of row <paramref name="row"/> of the row group decoded last; none for a row without one.</summary>
    public ParsedRecordId this[int row] => _rows[row];

    /// <summary>Decodes the column <paramref name="field"/> of <paramref name="rowGroup"/>, <paramref name="rowCount"/> rows, replacing the row group held before.</summary>
    /// <exception cref="InvalidDataException">The column holds fewer values than its definition levels promise.</exception>
    public async Task<ParquetRecordIds> DecodeAsync(ParquetRowGroupReader rowGroup, DataField field, int rowCount)
    {
        using var raw = (RawColumnData<ReadOnlyMemory<char>>)await rowGroup.ReadRawColumnDataBaseAsync(field, CancellationToken.None).ConfigureAwait(false);
        if (_rows.Length < rowCount)
        {
            _rows = new ParsedRecordId[rowCount];
        }

        Fill(raw, field, rowCount);
        return this;
    }

    // Every row below rowCount is written, so no id of the row group held before survives.
    private void Fill(RawColumnData<ReadOnlyMemory<char>> raw, DataField field, int rowCount)
    {
        var maxDefinitionLevel = field.MaxDefinitionLevel;
        var values = raw.Values;
        var levels = maxDefinitionLevel == 0 ? default : raw.DefinitionLevels;
        var next = 0;
        for (var i = 0; i < rowCount; i++)
        {
            if (maxDefinitionLevel != 0 && levels[i] != maxDefinitionLevel)
            {
                _rows[i] = default;
                continue;
            }

            if (next >= values.Length)
            {
                throw new InvalidDataException($"column '{field.Name}' has fewer values than its {rowCount} rows define");
            }

            _rows[i] = ParsedRecordId.Of(values[next++].Span);
        }
    }
}
