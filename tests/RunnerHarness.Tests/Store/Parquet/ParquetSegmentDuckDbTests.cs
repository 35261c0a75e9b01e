using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using RunnerHarness.Schema;
using RunnerHarness.Store.Parquet;
using Xunit;

namespace RunnerHarness.Tests.Store.Parquet;

/// <summary>
/// Files written by <see cref="RunnerHarness.Store.Parquet.ParquetSegmentWriter"/> read by an independent
/// Parquet implementation (DuckDB's, native), compared with the records' JSON form column by column.
/// </summary>
public sealed class ParquetSegmentDuckDbTests : IDisposable
{
    private static readonly string[] TimestampColumns = [RecordColumns.StartedAt, RecordColumns.FinishedAt];
    private static readonly string[] MapColumns = [RecordColumns.Dimensions, RecordColumns.Metrics, RecordColumns.Traits];

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void DuckDb_ReadsEveryColumn_WithTheWrittenValues()
    {
        var path = Path.Combine(_directory.Path, "duck.parquet");
        List<ResultRecord> records = [TestRecords.EveryColumnSet(), TestRecords.EveryNullableColumnNull(), .. TestRecords.Varied(300)];
        ParquetTestFile.Write(path, records, rowGroupSize: 128);

        AssertDuckDbReads(path, records, RecordSchema.ColumnNames);
    }

    [Fact]
    public void DuckDb_ChunksWithLongStrings_ReadsStringColumnsWithTheWrittenValues()
    {
        // Chunks holding a value past ParquetStringLeaf.LongValueChars are written without min/max statistics; to every
        // reader they are the same string columns, short values of the same chunk included.
        var path = Path.Combine(_directory.Path, "long.parquet");
        var longKey = "rubric:" + string.Concat(Enumerable.Repeat(" names each tool it called, in order, with its arguments;", 20));
        Assert.True(longKey.Length > ParquetStringLeaf.LongValueChars);
        List<ResultRecord> records = [.. TestRecords.Varied(40)];
        records[5] = TestRecords.WithLongText(5);
        records[6] = new ResultRecordBuilder(records[6]) { Dimensions = new() { [longKey] = "0.7", ["temperature"] = "0.2" } }.Build();
        ParquetTestFile.Write(path, records);

        AssertDuckDbReads(path, records, [RecordColumns.RecordId, RecordColumns.Model, RecordColumns.DisplayName, RecordColumns.Output, RecordColumns.ErrorMessage, RecordColumns.Dimensions]);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT typeof(output), typeof(error_message), typeof(dimensions) FROM read_parquet('{path}') LIMIT 1";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(["VARCHAR", "VARCHAR", "MAP(VARCHAR, VARCHAR)"], [reader.GetString(0), reader.GetString(1), reader.GetString(2)]);
    }

    [Fact]
    public void DuckDb_FilterAndSortOnTimestamps_FindEveryRowInTheRangeWithItsValue()
    {
        // DuckDB skips row groups by their min/max statistics and sorts integers rebased on them: statistics in another
        // unit than the column's (milliseconds for microseconds) hide rows from a time filter and shift sorted values.
        var path = Path.Combine(_directory.Path, "times.parquet");
        var records = TestRecords.Varied(40);
        ParquetTestFile.Write(path, records);
        var from = new DateTime(2026, 11, 1, 8, 0, 20, DateTimeKind.Utc);

        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM read_parquet('{path}') WHERE started_at >= TIMESTAMPTZ '2026-11-01 08:00:20+00'";
        var count = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);

        Assert.Equal(records.Count(r => r.StartedAt >= from), count);
        AssertDuckDbReads(path, records, RecordSchema.ColumnNames);
    }

    private static void AssertDuckDbReads(string path, List<ResultRecord> records, IReadOnlyList<string> columns)
    {
        var select = string.Join(", ", columns.Select(c =>
            TimestampColumns.Contains(c) ? $"epoch_ns({c}) AS {c}" : MapColumns.Contains(c) ? $"to_json({c}) AS {c}" : c));

        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {select} FROM read_parquet('{path}', file_row_number = true) ORDER BY file_row_number";
        using var reader = command.ExecuteReader();

        var row = 0;
        while (reader.Read())
        {
            using var expected = JsonDocument.Parse(ParquetTestFile.Json(records[row]));
            for (var i = 0; i < columns.Count; i++)
            {
                var actual = reader.IsDBNull(i) ? null : reader.GetValue(i);
                AssertColumn(row, columns[i], expected.RootElement.GetProperty(columns[i]), actual);
            }

            row++;
        }

        Assert.Equal(records.Count, row);
    }

    [Fact]
    public void DuckDb_ReadsLogicalTypes_AsTimestampsAndMaps()
    {
        var path = Path.Combine(_directory.Path, "types.parquet");
        var record = TestRecords.EveryColumnSet();
        ParquetTestFile.Write(path, [record]);

        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT typeof(started_at), started_at, typeof(dimensions), dimensions['語'], dimensions['temperature'], " +
            $"typeof(metrics), metrics['cost_usd'], typeof(traits), typeof(outcome), outcome, success_level FROM read_parquet('{path}')";
        using var reader = command.ExecuteReader();

        Assert.True(reader.Read());
        Assert.Equal("TIMESTAMP WITH TIME ZONE", reader.GetString(0));
        Assert.Equal(record.StartedAt!.Value.ToUniversalTime(), reader.GetDateTime(1).ToUniversalTime());
        Assert.Equal("MAP(VARCHAR, VARCHAR)", reader.GetString(2));
        Assert.Equal("値", reader.GetString(3));
        Assert.Equal("0.7", reader.GetString(4));
        Assert.Equal("MAP(VARCHAR, DOUBLE)", reader.GetString(5));
        Assert.Equal(0.00042, reader.GetDouble(6));
        Assert.Equal("MAP(VARCHAR, VARCHAR)", reader.GetString(7));
        Assert.Equal("VARCHAR", reader.GetString(8));
        Assert.Equal("failed", reader.GetString(9));
        Assert.Equal("partial_success", reader.GetString(10));
        Assert.False(reader.Read());
    }

    private static DuckDBConnection Open()
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        return connection;
    }

    private static void AssertColumn(int row, string column, JsonElement expected, object? actual)
    {
        var where = $"row {row}, column {column}";
        switch (expected.ValueKind)
        {
            case JsonValueKind.Null:
                Assert.True(actual is null, $"{where}: expected null, DuckDB read {actual}");
                break;
            case JsonValueKind.String when TimestampColumns.Contains(column):
                var instant = DateTime.Parse(expected.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
                Assert.True((instant.ToUniversalTime() - DateTime.UnixEpoch).Ticks * 100 == Convert.ToInt64(actual, CultureInfo.InvariantCulture), $"{where}: {instant:O} read as {actual} ns");
                break;
            case JsonValueKind.String:
                Assert.True(expected.GetString() == (string?)actual, $"{where}: expected '{expected.GetString()}', DuckDB read '{actual}'");
                break;
            case JsonValueKind.Number when actual is double value:
                Assert.True(expected.GetDouble().Equals(value), $"{where}: expected {expected.GetDouble():R}, DuckDB read {value:R}");
                break;
            case JsonValueKind.Number:
                Assert.True(expected.GetInt64() == Convert.ToInt64(actual, CultureInfo.InvariantCulture), $"{where}: expected {expected}, DuckDB read {actual}");
                break;
            case JsonValueKind.True or JsonValueKind.False:
                Assert.True(expected.GetBoolean() == (bool?)actual, $"{where}: expected {expected}, DuckDB read {actual}");
                break;
            case JsonValueKind.Object:
                using (var map = JsonDocument.Parse((string)actual!))
                {
                    Assert.Equal(MapEntries.Of(expected), MapEntries.Of(map.RootElement));
                }

                break;
            default:
                Assert.Fail($"{where}: unexpected JSON {expected.ValueKind}");
                break;
        }
    }
}
