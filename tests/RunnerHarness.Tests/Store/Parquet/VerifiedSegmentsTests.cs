using System.Buffers;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Store.Parquet;
using Xunit;

namespace RunnerHarness.Tests.Store.Parquet;

public sealed class VerifiedSegmentsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Read_AfterTheIdPassKeptTheHandle_ReadsTheVerifiedBytesWithoutOpeningThePathAgain()
    {
        var records = TestRecords.Varied(250);
        var path = Sealed("ci-linux-1-4711-20261206T221500-0000", records, rowGroupSize: 100);
        using var verified = new VerifiedSegments();

        var ids = ParquetSegmentReader.RecordIds(path, verified).Select(id => id.Key).ToList();

        // The path is gone: a read that opened (and hashed) it again would fail; one through the kept handle reads
        // the bytes the id pass checked.
        File.Delete(path);
        var read = ParquetSegmentReader.Read(path, RecordProjection.All, verified).ToList();

        Assert.Equal(records.Select(r => r.RecordId), ids);
        ParquetTestFile.AssertSameRecords(records, read);
        Assert.Null(verified.Take(path));
    }

    [Fact]
    public void Borrow_BeforeTheReadTakesTheHandle_ReadsTheVerifiedBytesAndLeavesTheHandleToTheRead()
    {
        var records = TestRecords.Varied(250);
        var path = Sealed("ci-linux-1-4711-20261207T100000-0000", records, rowGroupSize: 100);
        using var verified = new VerifiedSegments();
        Assert.Equal(250, ParquetSegmentReader.RecordIds(path, verified).Count());

        // Gone from its path: both reads can only go through the kept handle.
        File.Delete(path);
        List<ResultRecord> borrowed;
        using (var view = verified.Borrow(path))
        {
            Assert.NotNull(view);
            borrowed = [.. new ParquetSegmentReader().ReadVerified(path, view, RecordProjection.All, _ => { })];
        }

        var read = ParquetSegmentReader.Read(path, RecordProjection.All, verified).ToList();

        ParquetTestFile.AssertSameRecords(records, borrowed);
        ParquetTestFile.AssertSameRecords(records, read);
        Assert.Null(verified.Borrow(path));
    }

    [Fact]
    public void Borrow_OfAJsonLinesHandleReadToItsEnd_ReadsFromTheStartAndTheReadAfterItDoesToo()
    {
        var records = TestRecords.Varied(40, seed: 75);
        var unsealed = Path.Combine(_directory.Path, "ci-linux-1-4711-20261207T100100-0000.unsealed");
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var record in records)
        {
            JsonLinesRecordCodec.WriteLine(record, buffer);
        }

        File.WriteAllBytes(unsealed, buffer.WrittenSpan.ToArray());
        var path = Path.Combine(_directory.Path, SegmentChecksum.NameFor("ci-linux-1-4711-20261207T100100-0000", unsealed, StoreLayout.JsonLinesExtension));
        File.Move(unsealed, path);

        // As the id pass leaves it: hashed to its end, then kept.
        using var verified = new VerifiedSegments();
        var handle = JsonLinesFileReader.OpenShared(path);
        Assert.True(SegmentChecksum.Verify(path, handle));
        Assert.True(verified.TryKeep(path, handle));
        File.Delete(path);

        List<ResultRecord> borrowed;
        using (var view = verified.Borrow(path))
        {
            Assert.NotNull(view);
            borrowed = [.. new JsonLinesSegmentReader().ReadVerified(path, view, RecordProjection.All, _ => { })];
        }

        var read = JsonLinesSegmentReader.Read(path, RecordProjection.All, _ => { }, verified).ToList();

        Assert.Equal(records.Select(r => r.RecordId), borrowed.Select(r => r.RecordId));
        Assert.Equal(records.Select(r => r.RecordId), read.Select(r => r.RecordId));
        Assert.Equal(records.Select(r => r.ErrorMessage), borrowed.Select(r => r.ErrorMessage));
        Assert.Equal(records.Select(r => r.ErrorMessage), read.Select(r => r.ErrorMessage));
    }

    [Fact]
    public void Read_WithNoHandleKept_VerifiesTheFileItself()
    {
        var path = Sealed("ci-linux-1-4711-20261206T221600-0000", TestRecords.Varied(20));
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
        using var verified = new VerifiedSegments();

        var ex = Assert.Throws<CorruptSegmentException>(() => ParquetSegmentReader.Read(path, RecordProjection.All, verified).ToList());

        Assert.Contains("checksum", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordIds_OfADamagedFile_ThrowsAndKeepsNoHandle()
    {
        var path = Sealed("ci-linux-1-4711-20261206T221700-0000", TestRecords.Varied(20));
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 3] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
        using var verified = new VerifiedSegments();

        Assert.Throws<CorruptSegmentException>(() => ParquetSegmentReader.RecordIds(path, verified).ToList());

        Assert.Null(verified.Take(path));
    }

    [Fact]
    public void RecordIds_AbandonedBeforeTheEnd_KeepsNoHandle()
    {
        var path = Sealed("ci-linux-1-4711-20261206T221800-0000", TestRecords.Varied(300), rowGroupSize: 100);
        using var verified = new VerifiedSegments();

        var first = ParquetSegmentReader.RecordIds(path, verified).First();

        Assert.True(first.IsUuid);
        Assert.Null(verified.Take(path));
    }

    [Fact]
    public void RecordIds_OfAFileWithoutAChecksumInItsName_KeepsNoHandle()
    {
        var path = Path.Combine(_directory.Path, "ci-linux-1-4711-20261206T221900-0000.parquet");
        ParquetTestFile.Write(path, TestRecords.Varied(10));
        using var verified = new VerifiedSegments();

        Assert.Equal(10, ParquetSegmentReader.RecordIds(path, verified).Count());

        Assert.Null(verified.Take(path));
    }

    [Fact]
    public void TryKeep_PastCapacity_RefusesAndDisposeClosesTheKeptHandles()
    {
        var path = Sealed("ci-linux-1-4711-20261206T222000-0000", TestRecords.Varied(3));
        var handles = new List<FileStream>();
        var verified = new VerifiedSegments();
        for (var i = 0; i < VerifiedSegments.DefaultCapacity; i++)
        {
            var handle = File.OpenRead(path);
            handles.Add(handle);
            Assert.True(verified.TryKeep($"{path}.{i}", handle));
        }

        using var extra = File.OpenRead(path);
        Assert.False(verified.TryKeep(path, extra));

        verified.Dispose();

        Assert.All(handles, h => Assert.False(h.CanRead));
        Assert.True(extra.CanRead);
    }

    [Fact]
    public void HoldEvery_RaisesTheCapacityUpToMostHandlesAndLetGoClosesAndLowersItAgain()
    {
        var path = Sealed("ci-linux-1-4711-20261207T073000-0000", TestRecords.Varied(3));
        using var verified = new VerifiedSegments();
        Assert.False(verified.HoldEvery(VerifiedSegments.MostHandles + 1));
        Assert.Equal(VerifiedSegments.DefaultCapacity, verified.Capacity);

        Assert.True(verified.HoldEvery(VerifiedSegments.DefaultCapacity + 10));
        var handles = Enumerable.Range(0, VerifiedSegments.DefaultCapacity + 10).Select(_ => File.OpenRead(path)).ToList();
        Assert.All(handles.Select((h, i) => verified.TryKeep($"{path}.{i}", h)), Assert.True);
        using var extra = File.OpenRead(path);
        Assert.False(verified.TryKeep(path, extra));

        verified.LetGo();

        Assert.All(handles, h => Assert.False(h.CanRead));
        Assert.Equal(VerifiedSegments.DefaultCapacity, verified.Capacity);
    }

    // A Parquet file named by its checksum, as sealing names it.
    private string Sealed(string stem, IReadOnlyList<ResultRecord> records, int rowGroupSize = ParquetSegmentWriter.DefaultRowGroupSize)
    {
        var unsealed = Path.Combine(_directory.Path, stem + ".unsealed");
        ParquetTestFile.Write(unsealed, records, rowGroupSize);
        var path = Path.Combine(_directory.Path, SegmentChecksum.NameFor(stem, unsealed, StoreLayout.ParquetExtension));
        File.Move(unsealed, path);
        return path;
    }
}
