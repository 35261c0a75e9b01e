using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using RunnerHarness.Aggregation;
using RunnerHarness.Cli.Running;
using RunnerHarness.Matrix;
using RunnerHarness.Planning;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.Summaries;

// Usage: StoreProbe plan <store-dir> [samples-per-cell=10]
//        StoreProbe poll <store-dir> <run-id> [polls=5]
//        StoreProbe columns <store-dir>
//        StoreProbe seal <store-dir> <records> [parquet|json] [row-group-size] [--hold <MB>]
//        StoreProbe binary-summaries <store-copy-dir>
// plan: what a test host pays to plan its top-up: TopUpPlanner over StoreGenerator's matrix (8 models x 5 prompt
//       types x 5 difficulties x 5 task types x 4 rates, the given samples per cell), first call (cold, as a test
//       host makes it) and a second call (warm).
// poll: what `run` pays every second for its progress line: ShardRecordCounter.Poll, the first and the median
//       of the following polls (run's process is long-lived, so its polls are warm).
// columns: what the bytes of a store's Parquet files are made of: each column's compressed and uncompressed
//       bytes per record, from the column chunks' sizes in the footers, largest first.
// seal: what one writer's segment costs in memory: <records> StoreGenerator-like records appended write-through (no
//       queue) as one log segment, then sealed by Complete; prints the process's peak resident memory (VmHWM), and the
//       full (gen2) collections and the GC's total pause over the appends and the seal. --hold <MB> first builds and
//       keeps that many MB of live objects (a dataset of prompts a test class holds), as a test host's heap would.
// binary-summaries: rewrites every sound JSON summary of a store (a COPY: it changes the store) in the binary form sealing
//       writes now, so `plan` can time the same records both ways; prints the bytes before and after.
if (args.Length >= 2 && args[0] == "plan")
{
    var samples = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
    var rows = Rows(samples);
    var planner = new TopUpPlanner(new StoreLayout(args[1]));
    var cpu = Cpu();
    // How much of the first plan is JIT compilation (all threads): what ReadyToRun images can take away.
    var jitMethods = JitInfo.GetCompiledMethodCount();
    var jitTime = JitInfo.GetCompilationTime();
    var cold = Stopwatch.StartNew();
    var plan = planner.Plan("WorkflowBench", "WorkflowBench.ToolUseBatch", "Run", rows, samples);
    cold.Stop();
    var coldCpu = Cpu() - cpu;
    jitMethods = JitInfo.GetCompiledMethodCount() - jitMethods;
    jitTime = JitInfo.GetCompilationTime() - jitTime;
    var warm = Stopwatch.StartNew();
    planner.Plan("WorkflowBench", "WorkflowBench.ToolUseBatch", "Run", rows, samples);
    warm.Stop();
    var warmCpu = Cpu() - cpu - coldCpu;
    var peak = Environment.WorkingSet / 1048576;

    // After the timed plans: whether they read summaries or had to read files record by record.
    var summaries = new StoreSummaryReader(new StoreLayout(args[1]), SampleHoldings.Rule);
    var files = summaries.Read(runIds: null, includeLiveLogs: true).Count();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"plan: {rows.Count} rows, {plan.HeldCount} held, first {cold.Elapsed.TotalSeconds:F3} s ({coldCpu:F3} s CPU; JIT {jitMethods} methods in {jitTime.TotalSeconds:F3} s), warm {warm.Elapsed.TotalSeconds:F3} s ({warmCpu:F3} s CPU), peak working set {peak} MB; {files} files: {summaries.SummariesRead} by summary, {summaries.FilesReadInFull} read in full"));
    return 0;
}

if (args.Length >= 3 && args[0] == "poll")
{
    var polls = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
    var counter = new ShardRecordCounter(args[1], args[2]);
    var times = new List<(double Wall, double Cpu)>();
    long counted = 0;
    for (var i = 0; i < polls; i++)
    {
        var cpu = Cpu();
        var watch = Stopwatch.StartNew();
        counted = counter.Poll().Values.Sum();
        times.Add((watch.Elapsed.TotalMilliseconds, (Cpu() - cpu) * 1000));
    }

    var following = times.Skip(1).Order().ToList();
    var median = following.Count == 0 ? times[0] : following[following.Count / 2];
    var summaries = new StoreSummaryReader(new StoreLayout(args[1]), SampleHoldings.Rule);
    var files = summaries.Read([args[2]], includeLiveLogs: true).Count();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"poll: {counted} records of run {args[2]}, first {times[0].Wall:F1} ms ({times[0].Cpu:F1} ms CPU), median of the next {following.Count} {median.Wall:F1} ms ({median.Cpu:F1} ms CPU); {files} files: {summaries.SummariesRead} by summary, {summaries.FilesReadInFull} read in full"));
    return 0;
}

if (args.Length >= 2 && args[0] == "columns")
{
    var sizes = new Dictionary<string, (long Compressed, long Uncompressed)>(StringComparer.Ordinal);
    long rows = 0, fileBytes = 0;
    foreach (var path in Directory.EnumerateFiles(new StoreLayout(args[1]).DataDirectory, "*.parquet", SearchOption.AllDirectories))
    {
        fileBytes += new FileInfo(path).Length;
        await using var reader = await Parquet.ParquetReader.CreateAsync(path);
        foreach (var group in reader.Metadata!.RowGroups)
        {
            rows += group.NumRows;
            foreach (var column in group.Columns)
            {
                var name = string.Join('.', column.MetaData!.PathInSchema);
                var (compressed, uncompressed) = sizes.GetValueOrDefault(name);
                sizes[name] = (compressed + column.MetaData.TotalCompressedSize, uncompressed + column.MetaData.TotalUncompressedSize);
            }
        }
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"columns: {rows} records, {fileBytes} bytes in Parquet files = {(double)fileBytes / Math.Max(rows, 1):F1} bytes/record"));
    foreach (var (name, (compressed, uncompressed)) in sizes.OrderByDescending(s => s.Value.Compressed))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-28} {(double)compressed / rows,7:F2} bytes/record compressed ({100.0 * compressed / fileBytes,4:F1}%), {(double)uncompressed / rows,7:F2} uncompressed"));
    }

    return 0;
}

if (args.Length >= 3 && args[0] == "seal")
{
    var holdAt = Array.IndexOf(args, "--hold");
    var holdMegabytes = holdAt < 0 ? 0 : int.Parse(args[holdAt + 1], CultureInfo.InvariantCulture);
    var positional = holdAt < 0 ? args : [.. args[..holdAt], .. args[(holdAt + 2)..]];
    var count = int.Parse(positional[2], CultureInfo.InvariantCulture);
    var format = positional.Length > 3 && positional[3] == "json" ? StorageFormat.Json : StorageFormat.Parquet;
    var options = new RecordWriterOptions
    {
        WriteThrough = true,
        SegmentRecordLimit = count,
        ParquetRowGroupSize = positional.Length > 4 ? int.Parse(positional[4], CultureInfo.InvariantCulture) : RecordWriterOptions.Default.ParquetRowGroupSize,
    };
    var held = HeldDataset.Build(holdMegabytes);
    var heldResident = Resident("VmRSS:");
    var fullCollections = GC.CollectionCount(2);
    var pause = GC.GetTotalPauseDuration();
    var cpu = Cpu();
    var watch = Stopwatch.StartNew();
    string[] models = ["gpt-4o-mini", "gpt-5-mini", "DeepSeek-V3-0324", "DeepSeek-R1-0528", "Llama-3.3-70B-Instruct", "grok-3", "qwen2.5-72b-instruct", "qwen2.5-7b-instruct"];
    string[] prompts = ["baseline", "optimal", "cot", "flawed_sequence_disorder", "flawed_tool_misuse"];
    var random = new Random(42);
    var start = new DateTime(2025, 8, 1, 0, 0, 0, DateTimeKind.Utc);
    WriterSummary written;
    using (var writer = RecordWriter.Open(new StoreLayout(args[1]), SampleHoldings.Rule, format, "seal-probe", options: options))
    {
        for (var i = 0; i < count; i++)
        {
            var model = models[i % models.Length];
            var prompt = prompts[(i / models.Length) % prompts.Length];
            var passed = random.NextDouble() < 0.55;
            var record = writer.Stamp(new ResultRecordBuilder
            {
                Assembly = "WorkflowBench",
                TestClass = "WorkflowBench.ToolUseBatch",
                TestMethod = "Run",
                DisplayName = $"Run(model: \"{model}\", prompt: \"{prompt}\", sample: {i % 1000})",
                Outcome = passed ? TestOutcome.Passed : TestOutcome.Failed,
                StartedAt = start.AddSeconds(i).AddMilliseconds(-1500),
                FinishedAt = start.AddSeconds(i),
                DurationMs = 1500 + random.Next(5000),
                Model = model,
                Provider = "simulated",
                PromptType = prompt,
                Difficulty = "medium",
                TaskType = "data_pipeline",
                ToolSuccessRate = 0.8,
                SampleIndex = i % 1000,
                ErrorMessage = passed ? null : "simulated failure",
                Turns = 1 + random.Next(10),
                ToolCalls = random.Next(12),
                WorkflowScore = random.NextDouble(),
                FinalScore = random.NextDouble(),
                InputTokens = 500 + random.Next(2000),
                OutputTokens = 100 + random.Next(800),
                Attempt = 1,
            });
            record.CaseKey = CaseKey.ForRecord(record);
            writer.Append(record.Build());
        }

        written = writer.Complete();
    }

    watch.Stop();
    var sealCpu = Cpu() - cpu;
    fullCollections = GC.CollectionCount(2) - fullCollections;
    pause = GC.GetTotalPauseDuration() - pause;
    var peak = Resident("VmHWM:");
    GC.KeepAlive(held);
    var holding = holdMegabytes == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"; holding {held.Megabytes} MB of {held.Items.Count} dataset items, {heldResident / 1024} MB resident before the appends");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"seal: {written.RecordCount} {format} records as {written.SealedFiles.Count} sealed file(s) in {watch.Elapsed.TotalSeconds:F2} s ({sealCpu:F2} s CPU), {fullCollections} full collections, {pause.TotalMilliseconds:F0} ms GC pause, peak resident memory {peak / 1024} MB{holding}"));
    return 0;
}

if (args.Length >= 2 && args[0] == "binary-summaries")
{
    var layout = new StoreLayout(args[1]);
    var listing = new SummaryListing(layout);
    long before = 0, after = 0;
    var rewritten = 0;
    foreach (var file in layout.DataFiles())
    {
        if (listing.Find(file) is not { } old || !SegmentSummaryJson.IsJson(File.ReadAllBytes(old)))
        {
            continue;
        }

        var summary = SegmentSummaryFile.Read(old, file, new FileInfo(file).Length)
            ?? throw new InvalidOperationException($"{old} is of an older layout; compact the store first");
        before += new FileInfo(old).Length;
        File.Delete(old);
        after += new FileInfo(SegmentSummaryFile.Write(layout, file, summary)).Length;
        rewritten++;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"binary-summaries: {rewritten} JSON summaries ({before} bytes) rewritten as binary ({after} bytes)"));
    return 0;
}

Console.Error.WriteLine("usage: StoreProbe plan <store-dir> [samples-per-cell] | StoreProbe poll <store-dir> <run-id> [polls] | StoreProbe columns <store-dir> | StoreProbe seal <store-dir> <records> [parquet|json] [row-group-size] [--hold <MB>] | StoreProbe binary-summaries <store-copy-dir>");
return 2;

// A line of /proc/self/status in KB (VmHWM: the peak resident set; VmRSS: the current one).
static long Resident(string line) =>
    long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(line, StringComparison.Ordinal))[line.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);

// CPU seconds of this process so far: on a shared machine they vary far less than wall time.
static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

static List<MatrixSample> Rows(int samples)
{
    string[] models = ["gpt-4o-mini", "gpt-5-mini", "DeepSeek-V3-0324", "DeepSeek-R1-0528", "Llama-3.3-70B-Instruct", "grok-3", "qwen2.5-72b-instruct", "qwen2.5-7b-instruct"];
    string[] prompts = ["baseline", "optimal", "cot", "flawed_sequence_disorder", "flawed_tool_misuse"];
    string[] difficulties = ["very_easy", "easy", "medium", "hard", "very_hard"];
    string[] tasks = ["simple_task", "basic_task", "data_pipeline", "api_integration", "multi_stage_pipeline"];
    double[] rates = [0.6, 0.7, 0.8, 0.9];
    return [.. from model in models
               from prompt in prompts
               from difficulty in difficulties
               from task in tasks
               from rate in rates
               from sample in Enumerable.Range(0, samples)
               select new MatrixSample
               {
                   Model = model,
                   Provider = "simulated",
                   PromptType = prompt,
                   Difficulty = difficulty,
                   TaskType = task,
                   ToolSuccessRate = rate,
                   FlawType = prompt.StartsWith("flawed_", StringComparison.Ordinal) ? prompt[7..] : null,
                   SampleIndex = sample,
               }];
}
