using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Store.JsonLines;

namespace RunnerHarness.Tests.Store.JsonLines;

/// <summary>A projected JSON Lines read makes nothing of the columns it skips: no string of a long text it does not read.</summary>
[Collection(MeasuredAllocations.Name)]
public sealed class JsonLinesProjectedAllocationTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Read_ProjectedWithoutTheLongTextColumns_AllocatesFarLessThanTheirText()
    {
        var records = Enumerable.Range(0, 150).Select(TestRecords.WithLongText).ToList();
        var layout = new StoreLayout(_directory.Path);
        using (var writer = RecordWriter.Open(layout, SampleHoldings.Rule, StorageFormat.Json, "run-20261207-0101"))
        {
            records.ForEach(writer.Append);
        }

        var path = Assert.Single(layout.DataFiles());
        var reader = new JsonLinesSegmentReader();

        // What strings of the three long columns would take (two bytes a character), which a full read allocates.
        var textBytes = records.Sum(r => (long)(r.Output!.Length + r.ErrorMessage!.Length + r.Dimensions!.Values.Sum(v => v.Length)) * 2);
        Assert.True(reader.Read(path, RecordProjection.Of(RecordColumns.Model), _ => { }).Count() == records.Count, "warm-up");

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var projected = reader.Read(path, RecordProjection.Of(RecordColumns.Model), _ => { }).Count();
        var projectedBytes = GC.GetTotalAllocatedBytes(precise: true) - before;
        before = GC.GetTotalAllocatedBytes(precise: true);
        var full = reader.Read(path, RecordProjection.All, _ => { }).Count();
        var fullBytes = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(records.Count, projected);
        Assert.Equal(records.Count, full);
        Assert.True(fullBytes > textBytes, $"the full read allocated {fullBytes} bytes, less than the text's {textBytes}");
        Assert.True(projectedBytes < textBytes / 4, $"the projected read allocated {projectedBytes} bytes against the skipped text's {textBytes}");
    }
}
