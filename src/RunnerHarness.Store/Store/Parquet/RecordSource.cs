using RunnerHarness.Schema;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// The records a Parquet file is written from, taken a row group at a time by whichever thread gathers
/// the next group (one at a time: a gather starts only after the previous one ended), counted so that a
/// record that cannot be written is named by its position in the whole sequence.
/// </summary>
internal sealed class RecordSource(IEnumerator<ResultRecord> records) : IDisposable
{
    private long _taken;

    /// <summary>Appends up to <paramref name="rowGroupSize"/> records to <paramref name="buffers"/>; returns how many (0 at the end).</summary>
    /// <exception cref="ArgumentException">A record is null or lacks a value every record must have (the message names the record by its position).</exception>
    public int Gather(ParquetColumnBuffer[] buffers, int rowGroupSize)
    {
        var rows = 0;
        while (rows < rowGroupSize && records.MoveNext())
        {
            var index = _taken++;
            var record = records.Current ?? throw new ArgumentException($"Record {index} is null.", nameof(buffers));
            try
            {
                foreach (var buffer in buffers)
                {
                    buffer.Append(record);
                }
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"Record {index} cannot be written: {ex.Message}", nameof(buffers), ex);
            }

            rows++;
        }

        return rows;
    }

    /// <inheritdoc />
    public void Dispose() => records.Dispose();
}
