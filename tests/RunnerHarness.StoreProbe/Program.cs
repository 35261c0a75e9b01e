using System.Globalization;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;

// A writer process for the store's multi-process tests:
//   append <store> <json|parquet> <run-id> <count> [flush-every]
//     appends <count> records, printing "durable N" after each Flush, then seals and prints "done N".
//   hold <store> <json|parquet> <run-id> <count>
//     appends <count> records, prints "appended N", then "written N" once the writer has handed them all
//     to the operating system (no fsync), and waits to be killed.
//   stream <store> parquet <run-id> <count> <row-group-size>
//     as hold, in one segment whose Parquet row groups of <row-group-size> rows are written under tmp/ as it fills;
//     prints "written N" once every record is logged; with <count> at least twice <row-group-size>, the first row
//     group's write has then ended (the second full group waits for it).
if (args.Length < 5)
{
    Console.Error.WriteLine("usage: append|hold|stream <store> <json|parquet> <run-id> <count> [flush-every|row-group-size]");
    return 2;
}

var mode = args[0];
var format = Enum.Parse<StorageFormat>(args[2], ignoreCase: true);
var count = int.Parse(args[4], CultureInfo.InvariantCulture);
var flushEvery = mode == "append" && args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 0;
string[] models = ["gpt-4o-mini", "DeepSeek-V3-0324", "qwen2.5-7b-instruct"];
string[] levels = ["full_success", "partial_success", "failure"];

var options = mode == "stream"
    ? new RecordWriterOptions { ParquetRowGroupSize = int.Parse(args[5], CultureInfo.InvariantCulture), SegmentRecordLimit = count + 1 }
    : RecordWriterOptions.Default;
var writer = RecordWriter.Open(new StoreLayout(args[1]), SampleHoldings.Rule, format, args[3], options: options);
for (var i = 1; i <= count; i++)
{
    writer.Append(new ResultRecord
    {
        CaseKey = $"{args[3]}/{Environment.ProcessId}/{i}",
        Outcome = i % 5 == 0 ? TestOutcome.Failed : TestOutcome.Passed,
        Model = models[i % models.Length],
        PromptType = i % 2 == 0 ? "optimal" : "baseline",
        SampleIndex = i,
        ToolSuccessRate = 0.8,
        SuccessLevel = RecordValues.ParseSuccessLevel(levels[i % levels.Length]),
        FinishedAt = DateTime.UtcNow,
        DurationMs = i * 0.5,
        Dimensions = new Dictionary<string, string> { ["writer"] = args[3] },
    });
    if (flushEvery > 0 && i % flushEvery == 0)
    {
        writer.Flush();
        Console.WriteLine($"durable {i}");
    }
}

if (mode is "hold" or "stream")
{
    Console.WriteLine($"appended {count}");
    // The writer thread counts what it handed to the operating system; Flush would also fsync, which hold must not.
    SpinWait.SpinUntil(() => writer.WrittenCount >= count);
    Console.WriteLine($"written {writer.WrittenCount}");

    // Waits to be killed: nothing sets this.
    using var killed = new ManualResetEventSlim();
    killed.Wait();
}

var summary = writer.Complete();
Console.WriteLine($"done {summary.RecordCount}");
return 0;
