using System.Globalization;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using RunnerHarness.Aggregation;
using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Objects;
using RunnerHarness.ObjectStorage.Tests.Emulators;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using Xunit.Abstractions;

namespace RunnerHarness.ObjectStorage.Tests.Hosting;

/// <summary>
/// Test hosts writing to a URL store that are killed or whose uploads are refused: real `dotnet test` runs of the
/// WorkflowBench sample on separate "machines" (<see cref="SampleMachine"/>), into Azurite and s3rver, read back by
/// downloading the URL store into a local folder, and the next run that tops the store up. A class of its own beside
/// <see cref="UrlStoreShardedRunTests"/>: its killed runs mostly wait on simulated latency, and the two run at once.
/// </summary>
public sealed class UrlStoreRecoveryTests(ObjectStorageEmulators emulators, ITestOutputHelper output) : IClassFixture<ObjectStorageEmulators>, IDisposable
{
    // The upload interval of the killed runs, the shortest there is: each second waited for before the kill is a second
    // of the host running at a real provider's pace (KillMidRunAsync meets it with results both uploaded and in its log).
    private const int UploadIntervalSeconds = 1;
    private readonly string _root = Directory.CreateTempSubdirectory("rh-urlhost-").FullName;

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
        Assert.InRange(uploaded.Count, 1, UrlStoreRuns.SampleRows - 1);
        Assert.Subset(finished.Select(r => r.RecordId).ToHashSet(StringComparer.Ordinal), uploadedIds);

        // The documented window: the upload interval, plus the time a sealed file takes to upload (to a local emulator, well under 10 s).
        var window = TimeSpan.FromSeconds(UploadIntervalSeconds + 10);
        Assert.All(lost, r => Assert.True(r.FinishedAt >= killedAt - window, $"{r.CaseKey} finished at {r.FinishedAt:O}, {killedAt - r.FinishedAt} before the kill, and was not uploaded"));

        // The machine is gone with its disk; the next one (a new CI run) tops the store up.
        Directory.Delete(dying.Folder, recursive: true);
        var next = SampleMachine.Create(_root, "next");
        var run = next.Run(UrlSettings(service, location, "ci-run-2", shard: null));
        Assert.True(run.ExitCode == 0, run.Output);
        output.WriteLine(run.Output);

        var records = await CompleteStoreAsync(location, environment, "after-top-up");
        Assert.Equal(UrlStoreRuns.SampleRows - uploaded.Count, records.Count(r => r.RunId == "ci-run-2"));
    }

    [EmulatorFact]
    public async Task A_test_host_killed_on_a_machine_that_survives_loses_nothing_the_next_run_there_uploads_its_log()
    {
        var (location, environment) = await emulators.NewStoreAsync("s3");
        var machine = SampleMachine.Create(_root, "machine");
        var (_, finished) = await KillMidRunAsync(machine, "s3", location, environment);

        var run = machine.Run(UrlSettings("s3", location, "ci-run-2", shard: null));

        Assert.True(run.ExitCode == 0, run.Output);
        var records = await CompleteStoreAsync(location, environment, "after-top-up");
        Assert.Subset(records.Select(r => r.RecordId).ToHashSet(StringComparer.Ordinal), finished.Select(r => r.RecordId).ToHashSet(StringComparer.Ordinal));
        Assert.Equal(UrlStoreRuns.SampleRows - finished.Count, records.Count(r => r.RunId == "ci-run-2"));
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
        Assert.Equal(UrlStoreRuns.SampleRows, records.Count);
        Assert.All(records, r => Assert.Equal("ci-run-1", r.RunId));
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
            ["RUNNER_HARNESS_MODELS_CONFIG"] = RealisticLatencyModelsFile(machine.Folder),
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
        Assert.Equal(UrlStoreRuns.SampleRows, records.Count);
        Assert.Equal(UrlStoreRuns.SampleRows, records.Select(r => r.CaseKey).Distinct(StringComparer.Ordinal).Count());
        var verified = new StoreVerifier(downloaded, SampleHoldings.Rule).Verify();
        Assert.True(verified.IsClean, string.Join('\n', verified.Problems));
        return records;
    }

    /// <summary>
    /// The sample's two simulated providers in a models file, answering at a real provider's pace: for the killed runs only.
    /// The runs after them use the sample's default simulated models, which answer at once and take no machine-wide
    /// provider leases (a models file's providers take one a request, ~2.4 s more CPU for the sample's 450 rows).
    /// </summary>
    private static string RealisticLatencyModelsFile(string folder)
    {
        var path = Path.Combine(folder, "runner-harness.models.json");
        File.WriteAllText(path, """
            {
              "providers": {
                "sim-local": { "kind": "simulated", "realistic_latency": true },
                "sim-cloud": { "kind": "simulated", "realistic_latency": true }
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

    private Dictionary<string, string> UrlSettings(string service, StoreLocation location, string runId, int? shard) =>
        UrlStoreRuns.Settings(emulators, service, location, runId, shard);

    private Task<StoreLayout> DownloadAsync(StoreLocation location, StoreEnvironment environment, string name) =>
        UrlStoreRuns.DownloadAsync(location, environment, Path.Combine(_root, name));
}
