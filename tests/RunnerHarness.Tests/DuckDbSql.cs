using DuckDB.NET.Data;

namespace RunnerHarness.Tests;

/// <summary>Runs SQL in a fresh in-memory DuckDB, the independent reader the store's files are checked against.</summary>
internal static class DuckDbSql
{
    /// <summary>Executes <paramref name="sql"/>; DuckDB's own error fails the test.</summary>
    public static void Execute(string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
