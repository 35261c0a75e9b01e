using System.Text.Json;
using RunnerHarness.Schema;

namespace RunnerHarness.Cli.Tests.Interop;

/// <summary>
/// Every kind of file the store and <c>export</c> write, read back by two independent implementations
/// (DuckDB, and ParquetSharp's Arrow C++ reader that pyarrow and pandas use) with the same value in every
/// column of every record: timestamps as UTC instants, nulls as nulls, maps entry by entry.
/// </summary>
public sealed class ExportInteropTests(ExportedStore store) : IClassFixture<ExportedStore>
{
    [Fact]
    public void DuckDb_StoresSealedParquetFiles_ReadsEveryValueWithNativeTypes()
    {
        var from = $"read_parquet('{store.Store}/data/**/*.parquet')";
        using var duck = new DuckDbRows();

        var types = duck.Types(from);
        var rows = duck.Read(from);

        Assert.Equal("TIMESTAMP WITH TIME ZONE", types[RecordColumns.StartedAt]);
        Assert.Equal("MAP(VARCHAR, DOUBLE)", types[RecordColumns.Metrics]);
        Assert.Equal("MAP(VARCHAR, VARCHAR)", types[RecordColumns.Dimensions]);
        AssertRows("DuckDB read_parquet", rows, expectedCount: store.Records.Count - (store.Records.Count / 2));
    }

    [Fact]
    public void DuckDb_StoresSealedJsonLinesFiles_ReadsEveryValueInTheParquetTypes()
    {
        using var duck = new DuckDbRows();

        var rows = duck.Read(ReadJson($"{store.Store}/data/**/*.jsonl", duck));

        AssertRows("DuckDB read_json", rows, expectedCount: store.Records.Count / 2);
    }

    [Fact]
    public void ParquetSharp_StoresSealedParquetFiles_ReadsEveryValueWithNativeTypes()
    {
        var files = Directory.GetFiles(Path.Combine(store.Store, "data"), "*.parquet", SearchOption.AllDirectories);
        Assert.NotEmpty(files);

        var rows = files.SelectMany(ArrowRows.Read).ToDictionary(StringComparer.Ordinal);

        var types = ArrowRows.Types(files[0]);
        Assert.Equal("timestamp", types[RecordColumns.StartedAt]);
        Assert.Equal("map", types[RecordColumns.Dimensions]);
        AssertRows("ParquetSharp", rows, expectedCount: store.Records.Count - (store.Records.Count / 2));
    }

    [Fact]
    public void DuckDb_ParquetExport_ReadsEveryRecordWithEveryValue()
    {
        using var duck = new DuckDbRows();

        AssertRows("DuckDB export.parquet", duck.Read($"read_parquet('{store.Output("export.parquet")}')"));
    }

    [Fact]
    public void ParquetSharp_ParquetExport_ReadsEveryRecordWithEveryValue() =>
        AssertRows("ParquetSharp export.parquet", ArrowRows.Read(store.Output("export.parquet")));

    [Fact]
    public void DuckDb_JsonLinesExport_ReadsEveryRecordWithEveryValue()
    {
        using var duck = new DuckDbRows();

        AssertRows("DuckDB export.jsonl", duck.Read(ReadJson(store.Output("export.jsonl"), duck)));
    }

    [Fact]
    public void DuckDb_CsvExport_ReadsEveryRecordWithEveryValue()
    {
        using var duck = new DuckDbRows();

        // CSV is text: DuckDB's parser (quotes, CRLF, line breaks inside cells, UTF-8) splits the cells,
        // and each cell must spell exactly the written value.
        var rows = duck.Read($"read_csv('{store.Output("export.csv")}', header = true, all_varchar = true)");

        AssertRows("DuckDB export.csv", rows, emptyIsNull: true);
    }

    [Fact]
    public void DuckDb_PartitionedParquetExport_ReadsWithHivePartitioningAndEveryValue()
    {
        using var duck = new DuckDbRows();
        var from = $"read_parquet('{store.Output("by-model")}/**/*.parquet', hive_partitioning = true)";

        var rows = duck.Read(from);

        Assert.Equal(6L, Convert.ToInt64(duck.Scalar($"SELECT count(DISTINCT model) FROM {from} WHERE model IS NOT NULL"), System.Globalization.CultureInfo.InvariantCulture));
        AssertRows("DuckDB by-model/**/*.parquet", rows);
    }

    [Fact]
    public void DuckDb_ExportPartitionedByADimension_HiveColumnHoldsEachRecordsDimensionValue()
    {
        using var duck = new DuckDbRows();
        var from = $"read_parquet('{store.Output("by-temperature")}/**/*.parquet', hive_partitioning = true, hive_types_autocast = false)";

        var rows = duck.Read(from, "temperature");

        AssertRows("DuckDB by-temperature/**/*.parquet", rows);
        foreach (var (id, row) in rows)
        {
            var dimensions = store.Records[id].Dimensions;
            Assert.Equal(dimensions?.GetValueOrDefault("temperature"), (string?)row["temperature"]);
        }

        Assert.Contains(rows.Values, r => r["temperature"] is null);
    }

    [Fact]
    public void ParquetSharp_EveryPartitionFile_ReadsItsRecordsWithEveryValue()
    {
        var files = Directory.GetFiles(store.Output("by-model"), "*.parquet", SearchOption.AllDirectories);

        var rows = files.SelectMany(ArrowRows.Read).ToDictionary(StringComparer.Ordinal);

        Assert.All(files, f => Assert.StartsWith("model=", Path.GetFileName(Path.GetDirectoryName(f)), StringComparison.Ordinal));
        AssertRows("ParquetSharp by-model", rows);
    }

    [Fact]
    public void DuckDb_PartitionedJsonLinesExport_ReadsWithHivePartitioningAndEveryValue()
    {
        using var duck = new DuckDbRows();

        var rows = duck.Read(ReadJson($"{store.Output("by-model-jsonl")}/**/*.jsonl", duck, ", hive_partitioning = true"));

        AssertRows("DuckDB by-model-jsonl/**/*.jsonl", rows);
    }

    [Fact]
    public void DuckDb_MasterDatabaseExport_ReadsTheSameTotalsAsTheFile()
    {
        var path = store.Output("master_database.json");
        using var duck = new DuckDbRows();
        var summary = JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("summary");

        var total = duck.Scalar($"SELECT summary.total_tests FROM read_json('{path}', maximum_object_size = 67108864)");

        Assert.True(summary.GetProperty("total_tests").GetInt64() > 0);
        Assert.Equal(summary.GetProperty("total_tests").GetInt64(), Convert.ToInt64(total, System.Globalization.CultureInfo.InvariantCulture));
    }

    // JSON Lines read with the column types DuckDB gives the same records in Parquet, as one table would.
    private string ReadJson(string glob, DuckDbRows duck, string options = "")
    {
        var types = duck.Types($"read_parquet('{store.Output("export.parquet")}')");
        var columns = string.Join(", ", RecordSchema.ColumnNames.Select(c => $"'{c}': '{types[c]}'"));
        return $"read_json('{glob}', format = 'newline_delimited', columns = {{{columns}}}{options})";
    }

    private void AssertRows(string reader, Dictionary<string, Dictionary<string, object?>> rows, int? expectedCount = null, bool emptyIsNull = false)
    {
        Assert.Equal(expectedCount ?? store.Records.Count, rows.Count);
        foreach (var (id, row) in rows)
        {
            Assert.True(store.Records.TryGetValue(id, out var record), $"{reader} read a record id that was never written: {id}");
            RecordCells.AssertRow(reader, record, row, emptyIsNull);
        }
    }
}
