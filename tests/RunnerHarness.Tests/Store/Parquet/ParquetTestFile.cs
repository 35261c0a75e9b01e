using System.Text.Json;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.Parquet;
using Xunit;

namespace RunnerHarness.Tests.Store.Parquet;

/// <summary>Writes and reads Parquet segment files for the tests, and compares records by their JSON.</summary>
internal static class ParquetTestFile
{
    public static void Write(string path, IReadOnlyList<ResultRecord> records, int rowGroupSize = ParquetSegmentWriter.DefaultRowGroupSize)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite);
        new ParquetSegmentWriter(rowGroupSize).Write(records, stream);
    }

    public static List<ResultRecord> Read(string path, RecordProjection? projection = null)
    {
        var problems = new List<StoreProblem>();
        var records = new ParquetSegmentReader().Read(path, projection ?? RecordProjection.All, problems.Add).ToList();
        Assert.Empty(problems);
        return records;
    }

    /// <summary>The number of row groups in the file's footer.</summary>
    public static async Task<int> RowGroupCountAsync(string path)
    {
        await using var reader = await global::Parquet.ParquetReader.CreateAsync(path);
        return reader.RowGroupCount;
    }

    /// <summary>The record as the JSON Lines writer stores it: every column, maps in order, timestamps with their kind.</summary>
    public static string Json(ResultRecord record) => JsonSerializer.Serialize(record, RecordJsonContext.Default.ResultRecord);

    public static void AssertSameRecords(IReadOnlyList<ResultRecord> expected, IReadOnlyList<ResultRecord> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(Json(expected[i]), Json(actual[i]));
        }
    }
}
