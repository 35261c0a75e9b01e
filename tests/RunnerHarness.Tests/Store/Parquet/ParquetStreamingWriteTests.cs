using RunnerHarness.Schema;
using RunnerHarness.Store.Parquet;
using Xunit;

namespace RunnerHarness.Tests.Store.Parquet;

/// <summary>The Parquet writer streams: it takes records from a sequence a row group at a time, as a seal reads them from a log.</summary>
public sealed class ParquetStreamingWriteTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Write_OneShotSequenceOverSeveralRowGroups_SameBytesAsFromTheList()
    {
        var records = TestRecords.Varied(1_050);
        var fromList = Path.Combine(_directory.Path, "list.parquet");
        var streamed = Path.Combine(_directory.Path, "streamed.parquet");
        ParquetTestFile.Write(fromList, records, rowGroupSize: 250);

        var sequence = new OneShotSequence(records, observe: null);
        using (var stream = new FileStream(streamed, FileMode.CreateNew, FileAccess.ReadWrite))
        {
            new ParquetSegmentWriter(250).Write(sequence, stream);
        }

        Assert.Equal(File.ReadAllBytes(fromList), File.ReadAllBytes(streamed));
        ParquetTestFile.AssertSameRecords(records, ParquetTestFile.Read(streamed));
    }

    [Fact]
    public void Write_DictionaryColumnPassing256DistinctValuesMidGroup_ReadsBackEveryValue()
    {
        // The dictionary column's indices are a byte a row while the group has at most 256 distinct values; the 257th,
        // arriving after 400 rows of five values, widens the indices already gathered. Every value must survive it.
        var records = TestRecords.Varied(700, seed: 83)
            .Select((r, i) => new ResultRecordBuilder(r) { CaseKey = i < 400 ? $"gpt-4o|baseline|easy|case-{i % 5}" : $"gpt-4o|cot|hard|case-{i}" }.Build())
            .ToList();
        var path = Path.Combine(_directory.Path, "widened.parquet");

        ParquetTestFile.Write(path, records);

        var read = ParquetTestFile.Read(path);
        ParquetTestFile.AssertSameRecords(records, read);
        Assert.Equal(305, read.Select(r => r.CaseKey).Distinct().Count());
    }

    [Fact]
    public void Write_StreamedSequence_RowGroupsReachTheFileBeforeTheSequenceEnds()
    {
        // Row groups written as they fill: by the time the sequence hands out its last record, the first groups'
        // bytes are already in the file. A writer that gathered the whole sequence first would have written nothing.
        var records = TestRecords.Varied(1_000);
        var path = Path.Combine(_directory.Path, "streamed.parquet");
        long bytesWhenLastRecordTaken = -1;
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite))
        {
            var sequence = new OneShotSequence(records, observe: index =>
            {
                if (index == records.Count - 1)
                {
                    bytesWhenLastRecordTaken = stream.Length;
                }
            });
            new ParquetSegmentWriter(100).Write(sequence, stream);
        }

        // Parquet's 4-byte magic opens every file; at least one row group's column chunks follow it by then.
        Assert.True(bytesWhenLastRecordTaken > 1_000, $"the file held {bytesWhenLastRecordTaken} bytes when the last record was taken");
        var read = ParquetTestFile.Read(path);
        ParquetTestFile.AssertSameRecords(records, read);
    }

    [Fact]
    public void Write_SequenceWithARecordLackingItsId_NamesTheRecordByPosition()
    {
        var records = TestRecords.Varied(300);
        records[257] = new ResultRecord { RecordId = null! };
        using var stream = new FileStream(Path.Combine(_directory.Path, "bad.parquet"), FileMode.CreateNew, FileAccess.ReadWrite);

        var error = Assert.Throws<ArgumentException>(() => new ParquetSegmentWriter(100).Write(new OneShotSequence(records, observe: null), stream));

        Assert.Contains("Record 257 cannot be written", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Records that can be enumerated once only and are no list, as a log read from disk is.</summary>
    private sealed class OneShotSequence(IReadOnlyList<ResultRecord> records, Action<int>? observe) : IEnumerable<ResultRecord>
    {
        private bool _enumerated;

        public IEnumerator<ResultRecord> GetEnumerator()
        {
            Assert.False(_enumerated, "the writer enumerated the records twice");
            _enumerated = true;
            return Enumerate();
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        private IEnumerator<ResultRecord> Enumerate()
        {
            for (var i = 0; i < records.Count; i++)
            {
                observe?.Invoke(i);
                yield return records[i];
            }
        }
    }
}
