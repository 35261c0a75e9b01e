using System.Globalization;
using RunnerHarness.Aggregation;
using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Mirroring;
using RunnerHarness.ObjectStorage.Tests.Emulators;
using RunnerHarness.Reporting;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using Xunit.Abstractions;

namespace RunnerHarness.ObjectStorage.Tests.Hosting;

/// <summary>
/// Test hosts writing to a URL store in shards: real `dotnet test` runs of the WorkflowBench sample on separate "machines"
/// (<see cref="SampleMachine"/>), and `runner-harness run`, into Azurite and s3rver, read back by downloading the URL store
/// into a local folder. The runs that fail or are killed are <see cref="UrlStoreRecoveryTests"/>, a class of its own so
/// that the two run at once (<see cref="LongestFirstCollectionOrderer"/>).
/// </summary>
public sealed class UrlStoreShardedRunTests(ObjectStorageEmulators emulators, LocalSampleRun localRun, ITestOutputHelper output)
    : IClassFixture<ObjectStorageEmulators>, IClassFixture<LocalSampleRun>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rh-urlhost-").FullName;

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task Three_machines_running_shards_into_one_url_store_match_a_local_run_verify_clean_and_a_second_run_tops_up_nothing(string service)
    {
        var (location, environment) = await emulators.NewStoreAsync(service);
        var machines = Enumerable.Range(0, 3).Select(i => SampleMachine.Create(_root, $"machine{i}")).ToList();

        var shards = machines.Select((machine, i) => Task.Run(() => machine.Run(UrlSettings(service, location, "ci-run-1", i)))).ToList();
        var local = localRun.RecordsAsync();
        Assert.All(await Task.WhenAll(shards), run => Assert.True(run.ExitCode == 0, run.Output));

        var downloaded = await DownloadAsync(location, environment, "downloaded-1");
        var records = new StoreReader(downloaded).Read().ToList();
        Assert.Equal(UrlStoreRuns.SampleRows, records.Count);
        Assert.Equal(["0/3", "1/3", "2/3"], records.Select(r => r.Shard!).Distinct().Order(StringComparer.Ordinal));
        var localRecords = await local;
        Assert.Equal(Comparable(localRecords), Comparable(records));
        Assert.Equal(MarkdownReport(localRecords), MarkdownReport(records));
        var verified = new StoreVerifier(downloaded, SampleHoldings.Rule).Verify();
        Assert.True(verified.IsClean, string.Join('\n', verified.Problems));
        var objects = await ObjectStorageEmulators.KeysAsync(location, environment, "");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{service}: {objects.Count} objects for {UrlStoreRuns.SampleRows} results ({objects.Count * 1000.0 / UrlStoreRuns.SampleRows:F1} per 1,000): {string.Join(", ", objects.GroupBy(k => location.RelativePathOf(k).Split('/')[0]).Select(g => $"{g.Key} {g.Count()}"))}"));

        // The second run, of the whole matrix on one of the machines: a row missing from any shard's part would be run again.
        // (Once per machine it cost two more `dotnet test` runs, ~2.5 s of CPU each, for rows this run plans too.)
        var again = machines[0].Run(UrlSettings(service, location, "ci-run-2", shard: null));
        Assert.True(again.ExitCode == 0, again.Output);

        Assert.Equal(objects, await ObjectStorageEmulators.KeysAsync(location, environment, ""));
        Assert.Equal(UrlStoreRuns.SampleRows, new StoreReader(await DownloadAsync(location, environment, "downloaded-2")).Read().Count());
    }

    [EmulatorFact]
    public async Task Runner_harness_run_hands_the_url_to_its_shards_and_keeps_the_run_logs_in_the_mirror()
    {
        var (location, environment) = await emulators.NewStoreAsync("az");
        var machine = SampleMachine.Create(_root, "launcher");
        var variables = machine.Environment(emulators.VariablesOf("az"));
        string[] arguments =
        [
            Path.Combine(AppContext.BaseDirectory, "runner-harness.dll"), "run", RepositoryFolder.PathOf("samples", "WorkflowBench"),
            "--shards", "2", "--store", location.ToString(), "--run-id", "cli-run-1", "--no-build",
        ];

        var run = ChildProcess.Run("dotnet", arguments, machine.Folder, variables, TimeSpan.FromMinutes(5));
        output.WriteLine(run.Output);

        Assert.True(run.ExitCode == 0, run.Output);
        var mirror = new StoreLayout(Directory.GetDirectories(machine.MirrorRoot).Single());
        Assert.Contains($"store {location} through its mirror {mirror.Root}", run.Output, StringComparison.Ordinal);
        Assert.Equal(
            ["shard-0.log", "shard-1.log"],
            Directory.GetFiles(mirror.RunLogDirectory("cli-run-1"), "shard-*.log").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var records = new StoreReader(await DownloadAsync(location, environment, "downloaded")).Read().ToList();
        Assert.Equal(UrlStoreRuns.SampleRows, records.Count);
        Assert.Equal(["0/2", "1/2"], records.Select(r => r.Shard!).Distinct().Order(StringComparer.Ordinal));
        Assert.Empty(await ObjectStorageEmulators.KeysAsync(location, environment, "logs/"));
    }

    [EmulatorFact]
    public async Task Runner_harness_run_with_mirror_dir_keeps_the_mirror_its_shards_write_and_upload_from_under_that_folder_and_nothing_under_the_default_root()
    {
        var (location, environment) = await emulators.NewStoreAsync("s3");
        var machine = SampleMachine.Create(_root, "launcher");
        var variables = machine.Environment(emulators.VariablesOf("s3"));
        var defaultRoot = Path.Combine(variables["HOME"], ".local", "share", "runner-harness", "store-mirrors");
        string[] arguments =
        [
            Path.Combine(AppContext.BaseDirectory, "runner-harness.dll"), "run", RepositoryFolder.PathOf("samples", "WorkflowBench"), "--no-build",
            "--shards", "1", "--store", location.ToString(), "--run-id", "mirror-dir-1", "--mirror-dir", "ci-mirrors",
            "--model", "sim-small", "--difficulty", "very_easy", "--target-samples", "1",
        ];

        var run = ChildProcess.Run("dotnet", arguments, machine.Folder, variables, TimeSpan.FromMinutes(3));
        output.WriteLine(run.Output);

        Assert.True(run.ExitCode == 0, run.Output);
        var mirror = new StoreLayout(Directory.GetDirectories(Path.Combine(machine.Folder, "ci-mirrors")).Single());
        Assert.Contains($"store {location} through its mirror {mirror.Root}", run.Output, StringComparison.Ordinal);

        // The shard's test host wrote, sealed and uploaded from that mirror: its log is there, and so is every object of the store.
        Assert.True(File.Exists(Path.Combine(mirror.RunLogDirectory("mirror-dir-1"), "shard-0.log")));
        var stored = (await ObjectStorageEmulators.KeysAsync(location, environment, "")).Select(location.RelativePathOf).ToList();
        Assert.Contains(stored, k => k.StartsWith("data/", StringComparison.Ordinal));
        Assert.Equal(stored.Order(StringComparer.Ordinal), MirrorManifest.Read(mirror.Root).Order(StringComparer.Ordinal));
        Assert.Equal(15, new StoreReader(mirror).Read().Count()); // 1 model x 3 prompt types x 1 difficulty x 5 task types, 1 sample.

        // The variable's root and the user's default root were not used: the option wins over both.
        Assert.Empty(Directory.EnumerateFileSystemEntries(machine.MirrorRoot));
        Assert.False(Directory.Exists(defaultRoot), $"{defaultRoot} was used although --mirror-dir was given");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>
    /// The Markdown report of <paramref name="records"/> by model, prompt type and difficulty, with a fixed title, time and
    /// source, and without durations: the one figure two runs of the same rows never share; records in case key order.
    /// </summary>
    private static string MarkdownReport(IEnumerable<ResultRecord> records)
    {
        var report = new ReportBuilder([RecordColumns.Model, RecordColumns.PromptType, RecordColumns.Difficulty])
            // In one order: a mean over the same records summed in another order can differ in its last printed digit.
            .AddRange(records.OrderBy(r => r.CaseKey, StringComparer.Ordinal).Select(r => new ResultRecordBuilder(r) { DurationMs = null }.Build()))
            .Build("WorkflowBench", new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero), "store");
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        new MarkdownReportWriter().Write(report, text);
        return text.ToString();
    }

    /// <summary>What a report counts of each record, without what differs between two runs of the same rows (ids, times, shard).</summary>
    private static List<string> Comparable(IEnumerable<ResultRecord> records) =>
        [.. records.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"{r.CaseKey}|{r.Outcome}|{r.SuccessLevel}|{r.ErrorCategory}|{r.Turns}|{r.ToolCalls}|{r.FinalScore}|{r.WorkflowScore}|{r.InputTokens}|{r.OutputTokens}"))
            .Order(StringComparer.Ordinal)];

    private Dictionary<string, string> UrlSettings(string service, StoreLocation location, string runId, int? shard) =>
        UrlStoreRuns.Settings(emulators, service, location, runId, shard);

    private Task<StoreLayout> DownloadAsync(StoreLocation location, StoreEnvironment environment, string name) =>
        UrlStoreRuns.DownloadAsync(location, environment, Path.Combine(_root, name));
}
