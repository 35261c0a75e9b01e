using DuckDB.NET.Data;
using RunnerHarness.Schema;

namespace RunnerHarness.Cli.Tests.Interop;

/// <summary>
/// Reads a table function's rows with DuckDB (DuckDB.NET, the engine of the DuckDB CLI), keyed by
/// <c>record_id</c>: timestamps as <c>epoch_us</c>, maps as <c>to_json</c>, every other column as DuckDB returns it.
/// </summary>
internal sealed class DuckDbRows : IDisposable
{
    private readonly DuckDBConnection _connection = new("Data Source=:memory:");

    public DuckDbRows() => _connection.Open();

    public void Dispose() => _connection.Dispose();

    /// <summary>Every row of <paramref name="from"/> (e.g. <c>read_parquet('x')</c>), with the record's columns and <paramref name="extraColumns"/>.</summary>
    public Dictionary<string, Dictionary<string, object?>> Read(string from, params string[] extraColumns)
    {
        var types = Types(from);
        var select = RecordSchema.ColumnNames.Concat(extraColumns).Select(c => types[c] switch
        {
            var t when t.StartsWith("TIMESTAMP", StringComparison.Ordinal) => $"epoch_us({c}) AS {c}",
            var t when t.StartsWith("MAP", StringComparison.Ordinal) || t.StartsWith("STRUCT", StringComparison.Ordinal) => $"to_json({c}) AS {c}",
            _ => c,
        });
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", select)} FROM {from}";
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add((string)row[RecordColumns.RecordId]!, row);
        }

        return rows;
    }

    /// <summary>The DuckDB type of each column of <paramref name="from"/>, e.g. <c>MAP(VARCHAR, DOUBLE)</c>.</summary>
    public Dictionary<string, string> Types(string from)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"DESCRIBE SELECT * FROM {from}";
        using var reader = command.ExecuteReader();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            types[reader.GetString(0)] = reader.GetString(1);
        }

        return types;
    }

    /// <summary>The first value of the first row of <paramref name="sql"/>.</summary>
    public object? Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
