using RunnerHarness.ObjectStorage.Tests.Emulators;
using RunnerHarness.ObjectStorage.Tests.Transfer;
using RunnerHarness.Store;

namespace RunnerHarness.ObjectStorage.Tests.Cli;

/// <summary><c>export --format store</c>: a local store to a URL store and back, checked, nothing overwritten.</summary>
public sealed class UrlStoreExportTests(ObjectStorageEmulators emulators) : IClassFixture<ObjectStorageEmulators>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rh-urlexport-").FullName;

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task A_store_exported_to_a_url_store_and_back_equals_the_original_and_exporting_again_copies_nothing(string service)
    {
        var original = SampleStore.Write(Path.Combine(_root, "original"));
        var (location, environment) = await emulators.NewStoreAsync(service);
        var cli = new UrlCli(Path.Combine(_root, "machine"), environment);
        var copy = Path.Combine(_root, "copy");
        var files = SampleStore.SealedFiles(original);

        var up = cli.Run("export", "--format", "store", "--store", original.Root, "--output", location.ToString());
        var down = cli.Run("export", "--format", "store", "--store", location.ToString(), "--output", copy, "--json");
        var again = cli.Run("export", "--format", "store", "--store", original.Root, "--output", location.ToString());

        Assert.True(up.ExitCode == 0, up.Error);
        Assert.Equal($"Exported the store {original.Root} to {location}: {files.Count} sealed files copied, 0 already there with the same bytes.\n", up.Out);
        Assert.True(down.ExitCode == 0, down.Error);
        Assert.Contains($"\"files_copied\":{files.Count}", down.Out.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(files, SampleStore.SealedFiles(new StoreLayout(copy)));
        Assert.Contains($"0 sealed files copied, {files.Count} already there", again.Out, StringComparison.Ordinal);
        var verify = cli.Run("verify", "--store", copy);
        Assert.True(verify.ExitCode == 0, verify.Out + verify.Error);
        Assert.Contains("600 records, 600 distinct; clean.", verify.Out, StringComparison.Ordinal);
    }

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task Exporting_onto_a_file_with_other_bytes_replaces_nothing_and_names_it(string service)
    {
        var original = SampleStore.Write(Path.Combine(_root, "original"), records: 60);
        var (location, environment) = await emulators.NewStoreAsync(service);
        var cli = new UrlCli(Path.Combine(_root, "machine"), environment);
        Assert.Equal(0, cli.Run("export", "--format", "store", "--store", original.Root, "--output", location.ToString()).ExitCode);
        var copy = new StoreLayout(Path.Combine(_root, "copy"));
        var victim = original.Relative(original.DataFiles()[0]);
        var target = Path.Combine(copy.Root, victim);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await File.WriteAllTextAsync(target, "{\"record_id\":\"this folder's own bytes\"}\n");

        var (code, _, error) = cli.Run("export", "--format", "store", "--store", location.ToString(), "--output", copy.Root);

        Assert.Equal(6, code);
        Assert.Contains(victim, error, StringComparison.Ordinal);
        Assert.Contains("different bytes", error, StringComparison.Ordinal);
        Assert.Equal("{\"record_id\":\"this folder's own bytes\"}\n", await File.ReadAllTextAsync(target));
        Assert.Equal(SampleStore.SealedFiles(original).Count, SampleStore.SealedFiles(copy).Count);
    }

    [Fact]
    public void Exporting_a_local_store_to_a_local_folder_as_store_is_a_usage_error_saying_what_is_valid()
    {
        var original = SampleStore.Write(Path.Combine(_root, "original"), records: 20);
        var cli = new UrlCli(Path.Combine(_root, "machine"), ObjectStorage.Locations.StoreEnvironment.Of(new Dictionary<string, string>()));

        var (code, _, error) = cli.Run("export", "--format", "store", "--store", original.Root, "--output", Path.Combine(_root, "copy"));

        Assert.Equal(2, code);
        Assert.Contains("copies between a URL store (az://CONTAINER/PREFIX, s3://BUCKET/PREFIX) and a local folder", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "copy")));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
