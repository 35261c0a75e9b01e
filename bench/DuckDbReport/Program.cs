using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;

// Usage: DuckDbReport <store-dir> <json|parquet> [--no-dedup]
// The reference bench/run.sh compares `runner-harness report` with: the same five-level group-by (model, prompt
// type, tool success rate, difficulty, task type) over the same sealed files, deduplicated by record_id, reading
// the columns the report reads, with counts by outcome and means of the scores.
if (args.Length < 2 || args[1] is not ("json" or "parquet"))
{
    Console.Error.WriteLine("usage: DuckDbReport <store-dir> <json|parquet> [--no-dedup]");
    return 2;
}

var data = Path.Combine(Path.GetFullPath(args[0]), "data", "**", args[1] == "json" ? "*.jsonl" : "*.parquet").Replace("'", "''", StringComparison.Ordinal);
const string Columns = """
    record_id, model, prompt_type, tool_success_rate, difficulty, task_type, outcome, success_level, error_category,
    finished_at, duration_ms, turns, tool_calls, workflow_score, phase2_score, quality_score, final_score, tool_coverage_rate
    """;
var source = args[1] == "json"
    ? $"read_json('{data}', format = 'newline_delimited', union_by_name = true)"
    : $"read_parquet('{data}', union_by_name = true)";
var records = args.Contains("--no-dedup")
    ? $"SELECT {Columns} FROM {source}"
    : $"SELECT DISTINCT ON (record_id) {Columns} FROM {source}";
var query = $"""
    SELECT model, prompt_type, tool_success_rate, difficulty, task_type,
           count(*) AS records,
           count(*) FILTER (WHERE success_level IN ('full_success', 'partial_success')) AS successes,
           count(*) FILTER (WHERE outcome = 'failed') AS failures,
           count(*) FILTER (WHERE outcome = 'skipped') AS skipped,
           avg(final_score), avg(workflow_score), avg(phase2_score), avg(quality_score), avg(tool_coverage_rate),
           avg(duration_ms), avg(turns), avg(tool_calls), min(finished_at), max(finished_at)
    FROM ({records})
    GROUP BY ALL
    ORDER BY ALL
    """;

var watch = Stopwatch.StartNew();
using var connection = new DuckDBConnection("DataSource=:memory:");
connection.Open();
using var command = connection.CreateCommand();
command.CommandText = query;
long groups = 0, total = 0;
using (var reader = command.ExecuteReader())
{
    while (reader.Read())
    {
        groups++;
        total += reader.GetInt64(5);
    }
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"duckdb: {total} records in {groups} groups in {watch.Elapsed.TotalSeconds:F2} s"));
return 0;
