namespace RunnerHarness.Store.Parquet;

/// <summary>
/// <see cref="RecordMemory.Estimate"/> of the records of a decoded row group's rows, from its column arrays: the same
/// figure, so a compaction that copies columns bounds its merged files by bytes exactly where the record path does.
/// </summary>
internal sealed class ParquetRowGroupMemory
{
    private readonly string?[][] _texts;
    private readonly Dictionary<string, string>?[][] _textMaps;
    private readonly Dictionary<string, double>?[]? _numberMaps;

    /// <summary>Reads the estimated columns of <paramref name="rowGroup"/> (a column the read has none of counts as null).</summary>
    public ParquetRowGroupMemory(ParquetRowGroup rowGroup)
    {
        ArgumentNullException.ThrowIfNull(rowGroup);
        _texts = [.. RecordMemory.TextColumns.Select(rowGroup.Texts).OfType<string?[]>()];
        _textMaps = [.. RecordMemory.TextMapColumns.Select(rowGroup.Maps<string>).OfType<Dictionary<string, string>?[]>()];
        _numberMaps = rowGroup.Maps<double>(RecordMemory.NumberMapColumn);
    }

    /// <summary>The estimated bytes of row <paramref name="row"/>'s record.</summary>
    public long Estimate(int row)
    {
        long characters = 0;
        foreach (var texts in _texts)
        {
            characters += RecordMemory.Length(texts[row]);
        }

        var bytes = RecordMemory.FixedBytes + (2 * characters);
        foreach (var maps in _textMaps)
        {
            bytes += RecordMemory.Map(maps[row]);
        }

        return bytes + ((_numberMaps?[row]?.Count ?? 0) * RecordMemory.NumberEntryBytes);
    }
}
