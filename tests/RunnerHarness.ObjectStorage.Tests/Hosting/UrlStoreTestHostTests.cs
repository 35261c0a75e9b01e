using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using RunnerHarness.Aggregation;
using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Mirroring;
using RunnerHarness.ObjectStorage.Objects;
using RunnerHarness.ObjectStorage.Tests.Emulators;
using RunnerHarness.ObjectStorage.Transfer;
using RunnerHarness.Reporting;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using Xunit.Abstractions;

namespace RunnerHarness.ObjectStorage.Tests.Hosting;

/// <summary>
/// Test hosts writing to a URL store: real `dotnet test` runs of the WorkflowBench sample on separate "machines"
/// (<see cref="SampleMachine"/>), into Azurite and s3rver, read back by downloading the URL store into a local folder.
/// </summary>
public sealed class UrlStoreTestHostTests(ObjectStorageEmulators emulators, ITestOutputHelper output) : IClassFixture<ObjectStorageEmulators>, IDisposable
{
    private const int SampleRows = 450;

    // The upload interval of the killed runs: long enough that the host is met with results both uploaded and only in its log.
    private const int UploadIntervalSeconds = 5;
    private readonly string _root = Directory.CreateTempSubdirectory("rh-urlhost-").FullName;

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task Three_machines_running_shards_into_one_url_store_match_a_local_run_verify_clean_and_a_second_run_tops_up_nothing(string service)
    {
        var (location, environment) = await emulators.NewStoreAsync(service);
        var machines = Enumerable.Range(0, 3).Select(i => SampleMachine.Create(_root, $"machine{i}")).ToList();
        var reference = SampleMachine.Create(_root, "reference");
        var localStore = Path.Combine(reference.Folder, "store");

        var shards = machines.Select((machine, i) => Task.Run(() => machine.Run(UrlSettings(service, location, "ci-run-1", i)))).ToList();
        var local = Task.Run(() => reference.Run(new Dictionary<string, string> { ["RUNNER_HARNESS_STORE"] = localStore, ["RUNNER_HARNESS_RUN_ID"] = "ci-run-1" }));
        Assert.All(await Task.WhenAll(shards), run => Assert.True(run.ExitCode == 0, run.Output));
        Assert.True((await local).ExitCode == 0, (await local).Output);

        var downloaded = await DownloadAsync(location, environment, "downloaded-1");
        var records = new StoreReader(downloaded).Read().ToList();
        Assert.Equal(SampleRows, records.Count);
        Assert.Equal(["0/3", "1/3", "2/3"], records.Select(r => r.Shard!).Distinct().Order(StringComparer.Ordinal));
        var localRecords = new StoreReader(new StoreLayout(localStore)).Read().ToList();
        Assert.Equal(Comparable(localRecords), Comparable(records));
        Assert.Equal(MarkdownReport(localRecords), MarkdownReport(records));
        var verified = new StoreVerifier(downloaded, SampleHoldings.Rule).Verify();
        Assert.True(verified.IsClean, string.Join('\n', verified.Problems));
        var objects = await ObjectStorageEmulators.KeysAsync(location, environment, "");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{service}: {objects.Count} objects for {SampleRows} results ({objects.Count * 1000.0 / SampleRows:F1} per 1,000): {string.Join(", ", objects.GroupBy(k => location.RelativePathOf(k).Split('/')[0]).Select(g => $"{g.Key} {g.Count()}"))}"));

        var again = machines.Select((machine, i) => Task.Run(() => machine.Run(UrlSettings(service, location, "ci-run-2", i)))).ToList();
        Assert.All(await Task.WhenAll(again), run => Assert.True(run.ExitCode == 0, run.Output));

        Assert.Equal(objects, await ObjectStorageEmulators.KeysAsync(location, environment, ""));
        Assert.Equal(SampleRows, new StoreReader(await DownloadAsync(location, environment, "downloaded-2")).Read().Count());
    }

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task A_machine_killed_mid_run_loses_at_most_the_upload_window_and_the_next_run_tops_up_exactly_what_is_missing(string service)
    {
        var (location, environment) = await emulators.NewStoreAsync(service);
        var dying = SampleMachine.Create(_root, "dying");
        var (killedAt, finished) = await KillMidRunAsync(dying, service, location, environment);
        var uploaded = new StoreReader(await DownloadAsync(location, environment, "after-kill")).Read().ToList();
        var uploadedIds = uploaded.Select(r => r.RecordId).ToHashSet(StringComparer.Ordinal);
        var lost = finished.Where(r => !uploadedIds.Contains(r.RecordId)).ToList();
        output.WriteLine($"{service}: killed with {finished.Count} results finished, {uploaded.Count} uploaded, {lost.Count} lost");
        Assert.InRange(uploaded.Count, 1, SampleRows - 1);
        Assert.Subset(finished.Select(r => r.RecordId).ToHashSet(StringComparer.Ordinal), uploadedIds);

        // The documented window: the upload interval, plus the time a sealed file takes to upload (to a local emulator, well under 10 s).
        var window = TimeSpan.FromSeconds(UploadIntervalSeconds + 10);
        Assert.All(lost, r => Assert.True(r.FinishedAt >= killedAt - window, $"{r.CaseKey} finished at {r.FinishedAt:O}, {killedAt - r.FinishedAt} before the kill, and was not uploaded"));

        // The machine is gone with its disk; the next one (a new CI run) tops the store up.
        Directory.Delete(dying.Folder, recursive: true);
        var next = SampleMachine.Create(_root, "next");
        var run = next.Run(new Dictionary<string, string>(UrlSettings(service, location, "ci-run-2", shard: null))
        {
            ["RUNNER_HARNESS_MODELS_CONFIG"] = ModelsFile(next.Folder, realisticLatency: false),
        });
        Assert.True(run.ExitCode == 0, run.Output);
        output.WriteLine(run.Output);

        var records = await CompleteStoreAsync(location, environment, "after-top-up");
        Assert.Equal(SampleRows - uploaded.Count, records.Count(r => r.RunId == "ci-run-2"));
    }

    [EmulatorFact]
    public async Task A_test_host_killed_on_a_machine_that_survives_loses_nothing_the_next_run_there_uploads_its_log()
    {
        var (location, environment) = await emulators.NewStoreAsync("s3");
        var machine = SampleMachine.Create(_root, "machine");
        var (_, finished) = await KillMidRunAsync(machine, "s3", location, environment);

        var run = machine.Run(new Dictionary<string, string>(UrlSettings("s3", location, "ci-run-2", shard: null))
        {
            ["RUNNER_HARNESS_MODELS_CONFIG"] = ModelsFile(machine.Folder, realisticLatency: false),
        });

        Assert.True(run.ExitCode == 0, run.Output);
        var records = await CompleteStoreAsync(location, environment, "after-top-up");
        Assert.Subset(records.Select(r => r.RecordId).ToHashSet(StringComparer.Ordinal), finished.Select(r => r.RecordId).ToHashSet(StringComparer.Ordinal));
        Assert.Equal(SampleRows - finished.Count, records.Count(r => r.RunId == "ci-run-2"));
    }

    [EmulatorFact]
    public async Task Uploads_the_service_refuses_fail_the_run_naming_the_files_and_the_next_run_on_that_machine_uploads_them()
    {
        var (location, environment) = await emulators.NewStoreAsync("az");
        var machine = SampleMachine.Create(_root, "machine");

        // A SAS that may list and read but not write: the run syncs, records into its mirror, and every upload is refused.
        var service = new BlobServiceClient(environment[ObjectStoreConnector.AzureConnectionString]);
        var readOnly = service.GenerateAccountSasUri(AccountSasPermissions.List | AccountSasPermissions.Read, DateTimeOffset.UtcNow.AddHours(1), AccountSasResourceTypes.All);
        var readOnlyConnection = $"BlobEndpoint={service.Uri};SharedAccessSignature={readOnly.Query.TrimStart('?')}";
        var refused = machine.Run(new Dictionary<string, string>(UrlSettings("az", location, "ci-run-1", shard: null))
        {
            [ObjectStoreConnector.AzureConnectionString] = readOnlyConnection,
        });

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("could not be uploaded to " + location, refused.Output, StringComparison.Ordinal);
        Assert.Contains("the next run on this machine", refused.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(readOnly.Query.TrimStart('?'), refused.Output, StringComparison.Ordinal);
        Assert.Empty(await ObjectStorageEmulators.KeysAsync(location, environment, ""));

        var next = machine.Run(UrlSettings("az", location, "ci-run-2", shard: null));

        Assert.True(next.ExitCode == 0, next.Output);
        Assert.Contains("files an earlier run on this machine had not uploaded were uploaded", next.Output, StringComparison.Ordinal);
        var records = new StoreReader(await DownloadAsync(location, environment, "downloaded")).Read().ToList();
        Assert.Equal(SampleRows, records.Count);
        Assert.All(records, r => Assert.Equal("ci-run-1", r.RunId));
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
            "--shards", "3", "--store", location.ToString(), "--run-id", "cli-run-1", "--no-build",
        ];

        var run = ChildProcess.Run("dotnet", arguments, machine.Folder, variables, TimeSpan.FromMinutes(5));
        output.WriteLine(run.Output);

        Assert.True(run.ExitCode == 0, run.Output);
        var mirror = new StoreLayout(Directory.GetDirectories(machine.MirrorRoot).Single());
        Assert.Contains($"store {location} through its mirror {mirror.Root}", run.Output, StringComparison.Ordinal);
        Assert.Equal(
            ["shard-0.log", "shard-1.log", "shard-2.log"],
            Directory.GetFiles(mirror.RunLogDirectory("cli-run-1"), "shard-*.log").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var records = new StoreReader(await DownloadAsync(location, environment, "downloaded")).Read().ToList();
        Assert.Equal(SampleRows, records.Count);
        Assert.Equal(["0/3", "1/3", "2/3"], records.Select(r => r.Shard!).Distinct().Order(StringComparer.Ordinal));
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
    /// Starts the sample on <paramref name="machine"/> at a real provider's pace, uploading every
    /// <see cref="UploadIntervalSeconds"/>, and kills its test host (SIGKILL, with `dotnet test`) once a sealed file is in
    /// the object store and results wait in its log; returns when it was killed and every result it had finished (sealed
    /// or still in its log, in the machine's mirror).
    /// </summary>
    private async Task<(DateTime KilledAt, List<ResultRecord> Finished)> KillMidRunAsync(SampleMachine machine, string service, StoreLocation location, StoreEnvironment environment)
    {
        var settings = new Dictionary<string, string>(UrlSettings(service, location, "ci-run-1", shard: null))
        {
            ["RUNNER_HARNESS_UPLOAD_INTERVAL"] = UploadIntervalSeconds.ToString(CultureInfo.InvariantCulture),
            ["RUNNER_HARNESS_MODELS_CONFIG"] = ModelsFile(machine.Folder, realisticLatency: true),
        };
        // Meet the host once it has uploaded a sealed file and has results in its log again: it is mid-run (at realistic
        // latency the run takes minutes), with results in the object store and more only in its mirror. The host writes
        // its mirror for every result (the log) and after every upload (the manifest), so each change in the mirror, and
        // the host's exit, wakes the check; nothing waits on a clock but the deadline.
        Directory.CreateDirectory(machine.MirrorRoot);
        using var changed = new SemaphoreSlim(0);
        using var watcher = new FileSystemWatcher(machine.MirrorRoot)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Changed += (_, _) => changed.Release();
        watcher.Created += (_, _) => changed.Release();
        watcher.Renamed += (_, _) => changed.Release();
        watcher.EnableRaisingEvents = true;
        using (var process = machine.Start(settings))
        {
            process.EnableRaisingEvents = true;
            process.Exited += (_, _) => changed.Release();
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while ((await ObjectStorageEmulators.KeysAsync(location, environment, "data/")).Count < 1 || !ResultsInLog(machine))
            {
                Assert.False(process.HasExited, "the test host ended before it uploaded a sealed file");
                var left = deadline - DateTime.UtcNow;
                Assert.True(left > TimeSpan.Zero && await changed.WaitAsync(left), "the test host uploaded no sealed file within 2 minutes");
            }

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var killedAt = DateTime.UtcNow;
        var mirror = new StoreLayout(Directory.GetDirectories(machine.MirrorRoot).Single());
        return (killedAt, new StoreReader(mirror).Read(new RecordQuery { IncludeLiveLogs = true }).ToList());
    }

    /// <summary>Whether a record log of <paramref name="machine"/>'s mirror holds a record (write-through: whole lines only).</summary>
    private static bool ResultsInLog(SampleMachine machine)
    {
        var logs = Directory.EnumerateDirectories(machine.MirrorRoot).Select(m => Path.Combine(m, "wal")).Where(Directory.Exists)
            .SelectMany(wal => Directory.EnumerateFiles(wal, "*.jsonl", SearchOption.AllDirectories))
            .Where(log => !log.Contains($"{Path.DirectorySeparatorChar}transcripts{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        return logs.Any(HasLine);

        static bool HasLine(string log)
        {
            try
            {
                using var file = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                return file.Length > 0;
            }
            catch (FileNotFoundException)
            {
                return false; // Sealed meanwhile.
            }
        }
    }

    /// <summary>The records of the URL store, checked to hold every sample of the sample's matrix once and to verify clean.</summary>
    private async Task<List<ResultRecord>> CompleteStoreAsync(StoreLocation location, StoreEnvironment environment, string name)
    {
        var downloaded = await DownloadAsync(location, environment, name);
        var records = new StoreReader(downloaded).Read().ToList();
        Assert.Equal(SampleRows, records.Count);
        Assert.Equal(SampleRows, records.Select(r => r.CaseKey).Distinct(StringComparer.Ordinal).Count());
        var verified = new StoreVerifier(downloaded, SampleHoldings.Rule).Verify();
        Assert.True(verified.IsClean, string.Join('\n', verified.Problems));
        return records;
    }

    private Dictionary<string, string> UrlSettings(string service, StoreLocation location, string runId, int? shard)
    {
        var settings = new Dictionary<string, string>(emulators.VariablesOf(service), StringComparer.Ordinal)
        {
            ["RUNNER_HARNESS_STORE"] = location.ToString(),
            ["RUNNER_HARNESS_RUN_ID"] = runId,
        };
        if (shard is { } index)
        {
            settings["RUNNER_HARNESS_SHARD"] = string.Create(CultureInfo.InvariantCulture, $"{index}/3");
        }

        return settings;
    }

    /// <summary>The sample's two simulated providers in a models file, answering at a real provider's pace or at once.</summary>
    private static string ModelsFile(string folder, bool realisticLatency)
    {
        var path = Path.Combine(folder, "runner-harness.models.json");
        var latency = realisticLatency ? "true" : "false";
        File.WriteAllText(path, $$"""
            {
              "providers": {
                "sim-local": { "kind": "simulated", "realistic_latency": {{latency}} },
                "sim-cloud": { "kind": "simulated", "realistic_latency": {{latency}} }
              },
              "models": {
                "sim-small": { "provider": "sim-local" },
                "sim-medium": { "provider": "sim-local" },
                "sim-large": { "provider": "sim-cloud" }
              }
            }
            """);
        return path;
    }

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

    private async Task<StoreLayout> DownloadAsync(StoreLocation location, StoreEnvironment environment, string name)
    {
        var local = new StoreLayout(Path.Combine(_root, name));
        var result = await new StoreTransfer(ObjectStoreConnector.Open(location, environment), location).DownloadAsync(local, CancellationToken.None);
        Assert.True(result.Complete, string.Join('\n', result.Refused));
        return local;
    }
}
