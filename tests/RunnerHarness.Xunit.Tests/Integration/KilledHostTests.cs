using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Tests;
using Xunit.Abstractions;

namespace RunnerHarness.Xunit.Tests.Integration;

/// <summary>
/// Test hosts killed with SIGKILL in the middle of a batch: two shards of TopUpBatch run at once, one writing
/// JSON Lines and one Parquet, each with rows in flight that never finish (FIXTURE_HANG_AFTER). Each host is
/// killed when the store holds the seeded number of its records, an observed event. The next run of both
/// shards and a compaction then leave every result that finished before the kill exactly once and unchanged,
/// and no unfinished row recorded. A case runs four `dotnet test` processes, two at a time (107 s under a load average of 45), hence
/// over 5 s; tests/soak/killed-hosts.sh runs many more seeds.
/// </summary>
[Collection(ModelFixtureRuns.Name)]
public sealed class KilledHostTests(ITestOutputHelper output) : IDisposable
{
    private const string TopUp = "FullyQualifiedName~RecordingFixture.TopUpBatch";
    private const int RowsPerShard = 12;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(1)]
    public void DotnetTest_ShardsKilledWithRowsInFlight_NextRunAndCompactKeepEveryFinishedResultOnce(int seed)
    {
        var seedText = Environment.GetEnvironmentVariable("RUNNER_HARNESS_KILL_SEED");
        seed = seedText is null ? seed : int.Parse(seedText, CultureInfo.InvariantCulture);
        var store = Path.Combine(_directory.Path, "store");
        Directory.CreateDirectory(store);
        var random = new Random(seed);
        Shard[] shards =
        [
            new("0/2", "json", "killed-json", random.Next(1, RowsPerShard)),
            new("1/2", "parquet", "killed-parquet", random.Next(1, RowsPerShard)),
        ];
        output.WriteLine($"seed {seed}: " + string.Join("; ", shards.Select(s => $"shard {s.Index} ({s.Format}) killed after {s.KillAfter} records")));

        // 1. Both shards at once; each host is killed once the store holds its seeded number of records.
        var finishedBeforeKill = new Dictionary<string, string>(StringComparer.Ordinal);
        var hosts = shards.Select(s => Launch(s, store, s.RunId, hangAfter: s.KillAfter)).ToArray();
        try
        {
            using var watcher = new FileSystemWatcher(store) { IncludeSubdirectories = true, EnableRaisingEvents = true };
            var clock = Stopwatch.StartNew();
            var killed = new bool[shards.Length];
            while (killed.Contains(false))
            {
                var records = StoreContents.Read(store, includeLiveLogs: true);
                for (var i = 0; i < shards.Length; i++)
                {
                    var own = records.Where(r => r.Shard == shards[i].Index).ToList();
                    if (!killed[i] && own.Count >= shards[i].KillAfter)
                    {
                        Assert.False(hosts[i].HasExited, $"shard {shards[i].Index} ended by itself before the kill (exit {(hosts[i].HasExited ? hosts[i].ExitCode : 0)})");
                        hosts[i].Kill(entireProcessTree: true);
                        hosts[i].WaitForExit();
                        killed[i] = true;
                        Assert.Equal(shards[i].KillAfter, own.Count);
                        foreach (var record in own)
                        {
                            finishedBeforeKill.Add(record.RecordId, Json(record));
                        }
                    }
                }

                Assert.True(clock.Elapsed < Deadline, $"the shards did not reach their kill points within {Deadline}");
                watcher.WaitForChanged(WatcherChangeTypes.All, 1_000);
            }
        }
        finally
        {
            foreach (var host in hosts.Where(h => !h.HasExited))
            {
                host.Kill(entireProcessTree: true);
            }
        }

        // No row in flight at the kill left a record, torn or whole.
        var afterKill = StoreContents.Read(store, includeLiveLogs: true);
        Assert.Equal(finishedBeforeKill.Keys.Order(StringComparer.Ordinal), afterKill.Select(r => r.RecordId).Order(StringComparer.Ordinal));

        // 2. The next run of both shards at once: the JSON shard under its own run id (its writer seals the
        // dead writer's log), the Parquet shard under a new one (compaction seals the orphaned log).
        var reruns = shards.Select(s => Launch(s, store, s.Format == "json" ? s.RunId : s.RunId + "-again", hangAfter: null)).ToArray();
        foreach (var (rerun, shard) in reruns.Zip(shards))
        {
            Assert.True(rerun.WaitForExit(Deadline), $"the re-run of shard {shard.Index} did not finish within {Deadline}");
            rerun.WaitForExit();
            Assert.True(rerun.ExitCode == 0, $"the re-run of shard {shard.Index} failed ({rerun.ExitCode}):\n{(Printed.TryGetValue(rerun, out var text) ? text : "")}");
            rerun.Dispose();
        }

        // 3. Compaction, then the store verifies clean and holds each result once.
        new StoreCompactor(new StoreLayout(store), SampleHoldings.Rule).Compact();
        var verification = new StoreVerifier(new StoreLayout(store), SampleHoldings.Rule).Verify();
        Assert.Empty(verification.Problems);
        var final = StoreContents.Read(store);
        ModelBatchTests.AssertEveryCellHoldsThreeOnce(final);
        Assert.All(final, r => Assert.NotNull(r.FinishedAt));
        var byId = final.ToDictionary(r => r.RecordId, StringComparer.Ordinal);
        foreach (var (id, json) in finishedBeforeKill)
        {
            Assert.True(byId.TryGetValue(id, out var kept), $"the result {id} that finished before the kill is gone");
            Assert.Equal(json, Json(kept));
        }

        output.WriteLine($"kills survived: {shards.Length}; records finished before the kills: {finishedBeforeKill.Count}; records checked after: {final.Count}");
    }

    private static Process Launch(Shard shard, string store, string runId, int? hangAfter)
    {
        var environment = new Dictionary<string, string>
        {
            ["RUNNER_HARNESS_STORE"] = store,
            ["STORAGE_FORMAT"] = shard.Format,
            ["RUNNER_HARNESS_SHARD"] = shard.Index,
            ["RUNNER_HARNESS_RUN_ID"] = runId,
            ["RUNNER_HARNESS_MAX_PARALLEL_ROWS"] = "2",
            ["RUNNER_HARNESS_PROVIDER_LIMITS"] = "alpha=2",
        };
        if (hangAfter is { } after)
        {
            environment["FIXTURE_HANG_AFTER"] = after.ToString(CultureInfo.InvariantCulture);
        }

        var start = ChildProcess.DotnetStartInfo(FixtureProjects.RecordingAssemblyTestArguments(["--filter", TopUp]), environment);
        var process = new Process { StartInfo = start };
        var printed = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (printed) { printed.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (printed) { printed.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Printed.Add(process, printed);
        return process;
    }

    // What each host printed, for the message of a failed re-run.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Process, System.Text.StringBuilder> Printed = [];

    private static string Json(ResultRecord record) => JsonSerializer.Serialize(record, RecordJsonContext.Default.ResultRecord);

    private sealed record Shard(string Index, string Format, string RunId, int KillAfter);
}
