using RunnerHarness.Aggregation;
using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Mirroring;
using RunnerHarness.ObjectStorage.Objects;
using RunnerHarness.ObjectStorage.Tests.Emulators;
using RunnerHarness.ObjectStorage.Tests.Transfer;
using RunnerHarness.ObjectStorage.Transfer;
using RunnerHarness.Store;
using RunnerHarness.Tests;

namespace RunnerHarness.ObjectStorage.Tests.Cli;

/// <summary>The reading commands on a URL store: the same answers as on the local store, the mirror kept equal to the URL store, errors that name the URL and no credential.</summary>
public sealed class UrlStoreReadingTests(ObjectStorageEmulators emulators) : IClassFixture<ObjectStorageEmulators>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rh-urlcli-").FullName;

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task Report_progress_compare_verify_and_show_over_a_url_store_print_what_they_print_over_the_local_store(string service)
    {
        var local = SampleStore.Write(Path.Combine(_root, "local"));
        var (location, environment, _) = await emulators.NewStoreHoldingAsync(service, local);
        var cli = new UrlCli(Path.Combine(_root, "machine"), environment);
        var recordId = TestRecords.Varied(600)[0].RecordId;
        string[][] commands =
        [
            ["report", "--json"],
            ["report"],
            ["report", "--format", "markdown"],
            ["progress", "--target", "3", "--json"],
            ["compare", "model:gpt-4o-mini", "model:claude-haiku-4", "--json"],
            ["verify", "--json"],
            ["verify"],
            ["show", recordId, "--json"],
        ];

        foreach (var command in commands)
        {
            var onDisk = cli.Run([.. command, "--store", local.Root]);
            var inObjects = cli.Run([.. command, "--store", location.ToString()]);

            var what = string.Join(' ', command);
            Assert.True(onDisk.ExitCode == 0, $"{what} on disk: {onDisk.Error}");
            Assert.True(inObjects.ExitCode == 0, $"{what} on {location}: {inObjects.Error}");
            Assert.Equal(onDisk.Out.Replace(local.Root, "<store>", StringComparison.Ordinal), inObjects.Out.Replace(location.ToString(), "<store>", StringComparison.Ordinal));
            Assert.DoesNotContain(cli.MirrorRoot, inObjects.Out, StringComparison.Ordinal);
        }

        var verify = cli.Run("verify", "--store", location.ToString());
        Assert.StartsWith($"{location}: ", verify.Out, StringComparison.Ordinal);
        Assert.Contains("600 records, 600 distinct; clean.", verify.Out, StringComparison.Ordinal);
    }

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task A_sync_removes_the_copies_of_objects_gone_from_the_url_store_and_keeps_the_machines_own_files_and_logs(string service)
    {
        var local = SampleStore.Write(Path.Combine(_root, "local"));
        var (location, environment, _) = await emulators.NewStoreHoldingAsync(service, local);
        var cli = new UrlCli(Path.Combine(_root, "machine"), environment);
        Assert.Equal(0, cli.Run("report", "--store", location.ToString()).ExitCode);
        var mirror = new StoreLayout(StoreMirrorFolder.Of(location, environment, cli.MirrorRoot));

        // Another machine compacts a JSON Lines file away; this machine has a file of its own not uploaded yet, and a live log.
        var objects = ObjectStoreConnector.Open(location, environment);
        var gone = mirror.Relative(mirror.DataFiles().First(f => f.EndsWith(".jsonl", StringComparison.Ordinal)));
        var entry = await FirstAsync(objects.ListEntriesAsync(location.KeyOf(gone), CancellationToken.None));
        Assert.True(await objects.TryDeleteAsync(entry.Key, entry.ETag, CancellationToken.None));
        var own = TestRecords.Varied(20, seed: 11);
        using (var writer = RecordWriter.Open(mirror, SampleHoldings.Rule, StorageFormat.Json, "run-20261203-0001"))
        {
            foreach (var record in own)
            {
                writer.Append(record);
            }
        }

        var ownFiles = mirror.RunFiles("run-20261203-0001");
        Assert.NotEmpty(ownFiles);
        var log = Directory.CreateDirectory(Path.Combine(mirror.WriteAheadLogDirectory, "writer-of-this-machine")).FullName;
        File.WriteAllText(Path.Combine(log, "kept.txt"), "a writer's log is the machine's own");

        var (code, _, error) = cli.Run("verify", "--json", "--store", location.ToString());

        Assert.True(code is 0 or 7, error);
        Assert.False(File.Exists(Path.Combine(mirror.Root, gone)), $"{gone} lingers in the mirror after its object was deleted");
        Assert.All(ownFiles, f => Assert.True(File.Exists(f), $"{f}, this machine's own file, was removed"));
        Assert.True(File.Exists(Path.Combine(log, "kept.txt")));
        Assert.Contains("1 removed", error, StringComparison.Ordinal);
        var records = new StoreReader(mirror).Read(new RecordQuery()).Select(r => r.RecordId).ToHashSet();
        Assert.Equal(300 + 20, records.Count);
    }

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task An_object_whose_bytes_do_not_match_its_name_is_an_error_naming_it_not_skipped(string service)
    {
        var local = SampleStore.Write(Path.Combine(_root, "local"), records: 60);
        var (location, environment, _) = await emulators.NewStoreHoldingAsync(service, local);
        var objects = ObjectStoreConnector.Open(location, environment);
        var damaged = local.Relative(local.DataFiles()[0]).Replace("run-20261201-0001", "run-20261204-0001", StringComparison.Ordinal);
        Assert.True(await objects.TryCreateAsync(location.KeyOf(damaged), local.DataFiles()[^1], CancellationToken.None));
        var cli = new UrlCli(Path.Combine(_root, "machine"), environment);

        var (code, output, error) = cli.Run("report", "--json", "--store", location.ToString());

        Assert.Equal(7, code);
        Assert.Empty(output);
        Assert.Contains(location.ToString(), error, StringComparison.Ordinal);
        Assert.Contains(damaged, error, StringComparison.Ordinal);
        Assert.Contains("do not match the checksum in its name", error, StringComparison.Ordinal);
    }

    [EmulatorTheory]
    [InlineData("az", "AZURE_STORAGE_CONNECTION_STRING")]
    [InlineData("s3", "AWS_ACCESS_KEY_ID")]
    public async Task A_url_store_whose_variables_are_missing_is_an_error_naming_the_url_and_what_is_valid(string service, string variable)
    {
        var (location, environment) = await emulators.NewStoreAsync(service);
        var cli = new UrlCli(Path.Combine(_root, "machine"), environment);
        cli.Environment.Remove(variable);

        var (code, output, error) = cli.Run("report", "--store", location.ToString());

        Assert.Equal(3, code);
        Assert.Empty(output);
        Assert.Contains(location.ToString(), error, StringComparison.Ordinal);
        Assert.Contains(service == "az" ? "set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT" : "valid: both set, or neither", error, StringComparison.Ordinal);
    }

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task No_output_of_any_command_holds_the_credential_whether_it_is_right_or_wrong(string service)
    {
        var local = SampleStore.Write(Path.Combine(_root, "local"), records: 60);
        var (location, environment, _) = await emulators.NewStoreHoldingAsync(service, local);
        var secret = service == "az" ? ObjectStorageEmulators.AzuriteAccountKey : ObjectStorageEmulators.S3rverSecret + "-and-more";
        var right = new UrlCli(Path.Combine(_root, "right"), environment);
        var wrong = new UrlCli(Path.Combine(_root, "wrong"), service == "az"
            ? emulators.AzureEnvironment(Convert.ToBase64String(new byte[64]))
            : emulators.S3Environment("AKIAUNKNOWNKEY000001", secret));
        if (service == "s3")
        {
            // s3rver checks only the key id: the right machine's secret is its built-in one, so look for that too.
            secret = ObjectStorageEmulators.S3rverSecret;
        }

        var outputs = new List<(int, string, string)>();
        foreach (var cli in new[] { right, wrong })
        {
            outputs.Add(cli.Run("report", "--store", location.ToString()));
            outputs.Add(cli.Run("verify", "--json", "--store", location.ToString()));
            outputs.Add(cli.Run("export", "--format", "store", "--store", location.ToString(), "--output", Path.Combine(cli.WorkingDirectory, "copy")));
            outputs.Add(cli.Run("compact", "--store", location.ToString()));
        }

        Assert.Equal(0, outputs[0].Item1);
        Assert.Equal(3, outputs[4].Item1);
        Assert.Contains(location.ToString(), outputs[4].Item3, StringComparison.Ordinal);
        foreach (var (_, output, error) in outputs)
        {
            Assert.DoesNotContain(secret, output + error, StringComparison.Ordinal);
            Assert.DoesNotContain(service == "az" ? "AccountKey" : ObjectStorageEmulators.S3rverSecret + "-and-more", output + error, StringComparison.Ordinal);
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [EmulatorFact]
    public async Task Mirror_dir_option_puts_the_mirror_under_its_folder_resolved_against_the_current_one_over_the_mirror_variable()
    {
        var local = SampleStore.Write(Path.Combine(_root, "local"));
        var (location, environment, _) = await emulators.NewStoreHoldingAsync("az", local);
        var cli = new UrlCli(Path.Combine(_root, "machine"), environment); // sets RUNNER_HARNESS_STORE_MIRROR_DIR to cli.MirrorRoot

        var verify = cli.Run("verify", "--store", location.ToString(), "--mirror-dir", "ci-mirrors");

        Assert.True(verify.ExitCode == 0, verify.Error);
        var mirror = StoreMirrorFolder.Of(location, environment, Path.Combine(cli.WorkingDirectory, "ci-mirrors"));
        Assert.Contains($"synced into this machine's mirror {mirror} ", verify.Error, StringComparison.Ordinal);
        Assert.Equal(local.DataFiles().Count, new StoreLayout(mirror).DataFiles().Count);
        Assert.False(Directory.Exists(cli.MirrorRoot), $"the variable's folder {cli.MirrorRoot} was used although --mirror-dir was given");
    }

    private static async Task<T> FirstAsync<T>(IAsyncEnumerable<T> items)
    {
        await foreach (var item in items)
        {
            return item;
        }

        throw new InvalidOperationException("Nothing listed.");
    }
}
