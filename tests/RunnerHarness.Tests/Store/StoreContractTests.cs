using System.Text.Json;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Store;

namespace RunnerHarness.Tests.Store;

/// <summary>
/// What every storage format must do, run once per format (one subclass each says which): records written through
/// the store's writer come back from its reader with every column, projections and filters select the same records,
/// and verification finds the sealed files clean. A format that loses a column or mis-projects fails here.
/// </summary>
public abstract class StoreContractTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    protected StoreContractTests() => Layout = new StoreLayout(Path.Combine(_directory.Path, "store"));

    /// <summary>The format under test.</summary>
    protected abstract StorageFormat Format { get; }

    protected StoreLayout Layout { get; }

    public void Dispose()
    {
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public void WriteThenRead_EveryColumnSet_ReadsEveryColumnBack()
    {
        var record = TestRecords.EveryColumnSet();
        Write([record]);

        var read = Assert.Single(new StoreReader(Layout).Read(RecordQuery.All));

        Assert.Equal(Json(record), Json(read));
    }

    [Fact]
    public void WriteThenRead_EveryNullableColumnNull_ReadsNullsAndTheWritersStamps()
    {
        var record = TestRecords.EveryNullableColumnNull();
        Write([record]);

        var read = Assert.Single(new StoreReader(Layout).Read(RecordQuery.All));

        // The writer stored a copy stamped with where it was written (run id, host, process id, and an id if it had
        // none); everything else stays null, and the record it was given is not changed.
        Assert.Equal("contract-run", read.RunId);
        Assert.Equal(Environment.MachineName, read.Host);
        Assert.Equal(Environment.ProcessId, read.ProcessId);
        Assert.Null(record.RunId);
        Assert.Null(record.Host);
        var stamped = new ResultRecordBuilder(record) { RecordId = read.RecordId, RunId = read.RunId, Host = read.Host, ProcessId = read.ProcessId }.Build();
        Assert.Equal(Json(stamped), Json(read));
    }

    [Fact]
    public void Read_Projection_ReadsTheDeclaredColumnsOfEveryRecord()
    {
        var records = TestRecords.Varied(300);
        Write(records);

        var read = new StoreReader(Layout).Read(new RecordQuery { Projection = RecordProjection.Of(RecordColumns.Model, RecordColumns.SampleIndex) })
            .ToDictionary(r => r.RecordId, StringComparer.Ordinal);

        Assert.Equal(records.Count, read.Count);
        Assert.All(records, r => Assert.Equal((r.Model, r.SampleIndex), (read[r.RecordId].Model, read[r.RecordId].SampleIndex)));
    }

    [Fact]
    public void Read_FilterOnColumnAndCustomDimension_SelectsExactlyTheMatchingRecords()
    {
        var records = TestRecords.Varied(300);
        Write(records);
        var model = records[0].Model!;
        var difficulty = records[0].Difficulty!;

        var read = new StoreReader(Layout).Read(new RecordQuery
        {
            Projection = RecordProjection.Of(RecordColumns.Model),
            Filter = new RecordFilter { Dimensions = new Dictionary<string, IReadOnlyList<string>> { ["model"] = [model], ["difficulty"] = [difficulty] } },
        }).Select(r => r.RecordId).Order(StringComparer.Ordinal).ToList();

        var expected = records.Where(r => r.Model == model && r.Difficulty == difficulty).Select(r => r.RecordId).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        Assert.NotEqual(records.Count(r => r.Model == model), expected.Count);
        Assert.Equal(expected, read);
    }

    [Fact]
    public void Verify_AfterTwoRuns_FindsEveryRecordAndNoProblem()
    {
        Write(TestRecords.Varied(40, seed: 1), "run-a");
        Write(TestRecords.Varied(60, seed: 2), "run-b");

        var report = new StoreVerifier(Layout, SampleHoldings.Rule).Verify();

        Assert.True(report.IsClean, string.Join("; ", report.Problems.Select(p => p.ToString())));
        Assert.Equal(100, report.DistinctRecords);
        Assert.All(Layout.DataFiles(), f => Assert.EndsWith(Format == StorageFormat.Json ? StoreLayout.JsonLinesExtension : StoreLayout.ParquetExtension, f, StringComparison.Ordinal));
    }

    private void Write(IEnumerable<ResultRecord> records, string runId = "contract-run")
    {
        using var writer = RecordWriter.Open(Layout, SampleHoldings.Rule, Format, runId);
        foreach (var record in records)
        {
            writer.Append(record);
        }

        writer.Complete();
    }

    private static string Json(ResultRecord record) => JsonSerializer.Serialize(record, RecordJsonContext.Default.ResultRecord);
}
