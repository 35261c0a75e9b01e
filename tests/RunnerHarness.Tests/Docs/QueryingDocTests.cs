using System.Globalization;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Tests.Docs;

/// <summary>The DuckDB queries of docs/querying.md, run as written against a store of both formats, agree with the harness's own aggregation.</summary>
public partial class QueryingDocTests
{
    [Fact]
    public void QueryingDoc_DuckDbQueries_GiveTheReportsSuccessRatesPerModel()
    {
        using var directory = new TemporaryDirectory();
        var store = Path.Combine(directory.Path, "store");
        var records = TestRecords.Varied(300);
        Write(store, StorageFormat.Json, records.Take(150), "first");
        Write(store, StorageFormat.Parquet, records.Skip(150), "second");
        var blocks = SqlBlock().Matches(File.ReadAllText(DocPath)).Select(m => m.Groups[1].Value.Replace("'store/", $"'{store}/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, blocks.Count);
        var expected = new CumulativeAggregator([RecordColumns.Model]).AddRange(records).Build().Groups
            .ToDictionary(g => g.Key[0]!, g => (g.Statistics.Total, g.Statistics.SuccessRate.Rate));

        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = blocks[0];
            create.ExecuteNonQuery();
        }

        using var query = connection.CreateCommand();
        query.CommandText = blocks[1];
        using var reader = query.ExecuteReader();
        var actual = new Dictionary<string, (long Total, double? Rate)>(StringComparer.Ordinal);
        while (reader.Read())
        {
            actual[reader.GetString(0)] = (Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), reader.GetDouble(2));
        }

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (model, (total, rate)) in expected)
        {
            Assert.Equal(total, actual[model].Total);
            Assert.Equal(rate!.Value, actual[model].Rate!.Value, 12);
        }
    }

    private static void Write(string store, StorageFormat format, IEnumerable<ResultRecord> records, string scope)
    {
        using var writer = RecordWriter.Open(new StoreLayout(store), SampleHoldings.Rule, format, "doc-run", scope);
        foreach (var record in records)
        {
            writer.Append(record);
        }

        writer.Complete();
    }

    private static string DocPath => RepositoryFolder.PathOf("docs", "querying.md");

    [GeneratedRegex("```sql\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex SqlBlock();
}
