using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Tests;

namespace RunnerHarness.Cli.Tests.Interop;

/// <summary>
/// A store holding both formats (a JSON Lines run and a Parquet run of <see cref="TestRecords"/>: every
/// column set, every nullable column null, varied records, and one with a long transcript) and every kind
/// of file <c>export</c> writes from it, made once for the interop tests through the real CLI.
/// </summary>
public sealed class ExportedStore : IDisposable
{
    private readonly CliRun _cli;

    public ExportedStore()
    {
        List<ResultRecord> records = [TestRecords.EveryColumnSet(), TestRecords.EveryNullableColumnNull(), .. TestRecords.Varied(240), TestRecords.WithLongText()];
        var half = records.Count / 2;
        _cli = new CliRun(records.Take(half));
        using (var writer = RecordWriter.Open(new StoreLayout(_cli.Store), SampleHoldings.Rule, StorageFormat.Parquet, "interop-parquet"))
        {
            foreach (var record in records.Skip(half))
            {
                writer.Append(record);
            }

            writer.Complete();
        }

        // The writers store a copy stamped with run id, host and process where unset; expect what was stored.
        Records = records.Select((r, i) => Stamped(r, i < half ? "fixture" : "interop-parquet")).ToDictionary(r => r.RecordId, StringComparer.Ordinal);
        Export("jsonl", "export.jsonl");
        Export("csv", "export.csv");
        Export("parquet", "export.parquet");
        Export("master-database", "master_database.json");
        Export("parquet", "by-model", "--partition-by", "model");
        Export("jsonl", "by-model-jsonl", "--partition-by", "model");
        Export("parquet", "by-temperature", "--partition-by", "temperature");
    }

    /// <summary>The records written, by record id, as the writer stamped them.</summary>
    public IReadOnlyDictionary<string, ResultRecord> Records { get; }

    /// <summary>The store's folder.</summary>
    public string Store => _cli.Store;

    /// <summary>The path of an export named as in the constructor, e.g. <c>export.csv</c> or <c>by-model</c>.</summary>
    public string Output(string name) => Path.Combine(_cli.Directory, name);

    public void Dispose() => _cli.Dispose();

    private void Export(string format, string output, params string[] options)
    {
        var (code, _, error) = _cli.Run(["export", "--store", _cli.Store, "--format", format, "--output", Output(output), .. options]);
        if (code != ExitCodes.Success)
        {
            throw new InvalidOperationException($"export --format {format} {string.Join(' ', options)} exited {code}: {error}");
        }
    }

    private static ResultRecord Stamped(ResultRecord record, string runId) => new ResultRecordBuilder(record)
    {
        RunId = record.RunId ?? runId,
        Host = record.Host ?? Environment.MachineName,
        ProcessId = record.ProcessId ?? Environment.ProcessId,
    }.Build();
}
