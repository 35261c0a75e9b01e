using System.Text;
using RunnerHarness.Schema;
using Xunit;

namespace RunnerHarness.Tests.Store.Parquet;

/// <summary>
/// Issue 20, finding 14 (Parquet): a large string is stored about once, compressed, not once more per statistics
/// field. Parquet.Net 6.1.0 writes a string column chunk's whole minimum and maximum into the page header and the
/// footer, twice each; two 70 MB messages made a 587 MB file and took 1.7 GB to verify.
/// </summary>
[Collection(MeasuredAllocations.Name)]
public sealed class ParquetLargeStringTests : IDisposable
{
    // An 8 MiB attachment echoed in base64: 6 bits of information a character, so compression cannot hide a copy
    // (one extra uncompressed copy alone would break the size bound below).
    private const int LargeChars = 8 << 20;

    // Everything but the two strings: two records' other columns, page headers and a footer describing about 45
    // column chunks are a few KiB; a quarter of a MiB leaves room for that and nothing like a copy of a string.
    private const long Overhead = 256 << 10;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(RecordColumns.Output)]
    [InlineData(RecordColumns.ErrorMessage)]
    [InlineData(RecordColumns.Dimensions)]
    public void Write_TwoLargeStrings_FileHoldsTheirBytesAboutOnceAndReadsThemBackExactly(string column)
    {
        var records = TwoRecordsWithLargeText(column, out var textBytes);
        var path = Path.Combine(_directory.Path, $"{column}.parquet");

        ParquetTestFile.Write(path, records);

        var size = new FileInfo(path).Length;
        Assert.True(size <= textBytes + Overhead, $"the file takes {size:N0} bytes for {textBytes:N0} bytes of text in {column}");

        // Reading holds the compressed chunk and its decompressed bytes (in pooled arrays rounded up to a power of two,
        // so up to twice each), the decoded characters and the strings (UTF-16: twice the UTF-8 of ASCII text each):
        // about ten times the text (measured 7.7x, 9.8x for a map's values). Statistics carrying whole copies of the
        // strings in the page headers and the footer took it to 16-20x.
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var read = ParquetTestFile.Read(path);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        ParquetTestFile.AssertSameRecords(records, read);
        Assert.True(allocated <= 12 * textBytes, $"reading allocated {allocated:N0} bytes for {textBytes:N0} bytes of text in {column}");
    }

    private static List<ResultRecord> TwoRecordsWithLargeText(string column, out long textBytes)
    {
        var random = new Random(20);
        var records = new List<ResultRecord>();
        textBytes = 0;
        foreach (var record in TestRecords.Varied(2))
        {
            var text = $"assistant: here is the quarterly report you asked for, attached:\n{Attachment(random)}";
            textBytes += Encoding.UTF8.GetByteCount(text);
            records.Add(column switch
            {
                RecordColumns.Output => new ResultRecordBuilder(record) { Output = text }.Build(),
                RecordColumns.ErrorMessage => new ResultRecordBuilder(record) { ErrorMessage = text }.Build(),
                RecordColumns.Dimensions => new ResultRecordBuilder(record) { Dimensions = new() { ["temperature"] = "0.7", ["context_document"] = text } }.Build(),
                _ => throw new ArgumentOutOfRangeException(nameof(column), column, "not a string column of this test"),
            });
        }

        return records;
    }

    private static string Attachment(Random random)
    {
        var bytes = new byte[LargeChars / 4 * 3];
        random.NextBytes(bytes);
        return Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks);
    }
}
