using RunnerHarness.Aggregation;
using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Objects;
using RunnerHarness.ObjectStorage.Tests.Emulators;
using RunnerHarness.ObjectStorage.Transfer;
using RunnerHarness.Store;

namespace RunnerHarness.ObjectStorage.Tests.Transfer;

/// <summary>Copies of a store to Azurite and s3rver and back: sealed files, summaries, checksums, conflicts.</summary>
public sealed class StoreTransferTests(ObjectStorageEmulators emulators) : IClassFixture<ObjectStorageEmulators>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("rh-objstore-").FullName;

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task A_store_copied_to_a_url_store_and_back_holds_the_same_files_and_records_and_verifies_clean(string service)
    {
        var original = SampleStore.Write(Path.Combine(_root, "original"));
        var (location, environment) = await emulators.NewStoreAsync(service);
        var transfer = new StoreTransfer(ObjectStoreConnector.Open(location, environment), location);

        var up = await transfer.UploadAsync(original, CancellationToken.None);
        var copy = new StoreLayout(Path.Combine(_root, "copy"));
        var down = await transfer.DownloadAsync(copy, CancellationToken.None);

        var files = SampleStore.SealedFiles(original);
        Assert.Contains(files.Keys, f => f.StartsWith("summaries/", StringComparison.Ordinal));
        Assert.Contains(files.Keys, f => f.EndsWith(".parquet", StringComparison.Ordinal));
        Assert.Contains(files.Keys, f => f.EndsWith(".jsonl", StringComparison.Ordinal));
        Assert.Equal((files.Count, 0, 0), (up.Copied, up.AlreadyPresent, up.Refused.Count));
        Assert.Equal((files.Count, 0, 0), (down.Copied, down.AlreadyPresent, down.Refused.Count));
        Assert.Equal(files, SampleStore.SealedFiles(copy));
        Assert.Equal(RecordIds(original), RecordIds(copy));
        Assert.Equal(600, RecordIds(copy).Count);
        var verified = new StoreVerifier(copy, SampleHoldings.Rule).Verify();
        Assert.True(verified.IsClean, string.Join('\n', verified.Problems));
        Assert.Equal(600, verified.DistinctRecords);
    }

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task Copying_again_writes_nothing_and_counts_every_file_as_present(string service)
    {
        var original = SampleStore.Write(Path.Combine(_root, "original"), records: 60);
        var (location, environment) = await emulators.NewStoreAsync(service);
        var transfer = new StoreTransfer(ObjectStoreConnector.Open(location, environment), location);
        var copy = new StoreLayout(Path.Combine(_root, "copy"));
        await transfer.UploadAsync(original, CancellationToken.None);
        await transfer.DownloadAsync(copy, CancellationToken.None);

        var up = await transfer.UploadAsync(original, CancellationToken.None);
        var down = await transfer.DownloadAsync(copy, CancellationToken.None);

        var count = SampleStore.SealedFiles(original).Count;
        Assert.Equal((0, count, 0), (up.Copied, up.AlreadyPresent, up.Refused.Count));
        Assert.Equal((0, count, 0), (down.Copied, down.AlreadyPresent, down.Refused.Count));
    }

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task An_object_with_different_bytes_under_a_sealed_name_is_never_overwritten_and_is_reported(string service)
    {
        var original = SampleStore.Write(Path.Combine(_root, "original"), records: 60);
        var (location, environment) = await emulators.NewStoreAsync(service);
        var objects = ObjectStoreConnector.Open(location, environment);
        var victim = original.Relative(original.DataFiles()[0]);
        var foreign = Path.Combine(_root, "foreign.bin");
        await File.WriteAllTextAsync(foreign, "{\"record_id\":\"another machine's bytes\"}\n");
        Assert.True(await objects.TryCreateAsync(location.KeyOf(victim), foreign, CancellationToken.None));

        var up = await new StoreTransfer(objects, location).UploadAsync(original, CancellationToken.None);

        var refusal = Assert.Single(up.Refused);
        Assert.Contains(victim, refusal, StringComparison.Ordinal);
        Assert.Contains("different bytes", refusal, StringComparison.Ordinal);
        using var held = new MemoryStream();
        await objects.DownloadAsync(location.KeyOf(victim), held, CancellationToken.None);
        Assert.Equal(await File.ReadAllTextAsync(foreign), System.Text.Encoding.UTF8.GetString(held.ToArray()));
    }

    [EmulatorTheory]
    [InlineData("az")]
    [InlineData("s3")]
    public async Task A_damaged_object_is_not_downloaded_and_a_damaged_local_file_is_not_uploaded(string service)
    {
        var original = SampleStore.Write(Path.Combine(_root, "original"), records: 60);
        var (location, environment) = await emulators.NewStoreAsync(service);
        var objects = ObjectStoreConnector.Open(location, environment);
        var sealedFile = original.DataFiles()[0];
        var name = original.Relative(sealedFile);
        var damaged = Path.Combine(_root, "damaged.bin");
        var bytes = await File.ReadAllBytesAsync(sealedFile);
        bytes[bytes.Length / 2] ^= 0x10;
        await File.WriteAllBytesAsync(damaged, bytes);
        Assert.True(await objects.TryCreateAsync(location.KeyOf(name), damaged, CancellationToken.None));

        var copy = new StoreLayout(Path.Combine(_root, "copy"));
        var down = await new StoreTransfer(objects, location).DownloadAsync(copy, CancellationToken.None);
        File.Copy(damaged, sealedFile, overwrite: true);
        var (other, otherEnvironment) = await emulators.NewStoreAsync(service);
        var up = await new StoreTransfer(ObjectStoreConnector.Open(other, otherEnvironment), other).UploadAsync(original, CancellationToken.None);

        Assert.Contains("do not match the checksum", Assert.Single(down.Refused), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(copy.Root, name)));
        Assert.Empty(copy.List(copy.TempDirectory).Files);
        Assert.Contains("does not match the checksum", Assert.Single(up.Refused), StringComparison.Ordinal);
        Assert.Equal(SampleStore.SealedFiles(original).Count - 1, up.Copied);
    }

    [EmulatorFact]
    public async Task A_rejected_azure_key_is_named_in_the_error_without_its_value()
    {
        var (location, _) = await emulators.NewStoreAsync("az");
        const string wrongKey = "V3JvbmdLZXlXcm9uZ0tleVdyb25nS2V5V3JvbmdLZXlXcm9uZ0tleVdyb25nS2V5V3Jvbmc9PT0=";
        var objects = ObjectStoreConnector.Open(location, emulators.AzureEnvironment(wrongKey));

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => new StoreTransfer(objects, location).UploadAsync(SampleStore.Write(Path.Combine(_root, "s"), 20), CancellationToken.None));

        Assert.Contains(location.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("403", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey[..12], error.ToString(), StringComparison.Ordinal);
        Assert.Null(error.InnerException);
    }

    [EmulatorFact]
    public async Task Rejected_s3_keys_are_named_in_the_error_without_their_values()
    {
        var (location, _) = await emulators.NewStoreAsync("s3");
        const string wrongSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzWrongSecretKey";
        var objects = ObjectStoreConnector.Open(location, emulators.S3Environment("AKIAIOSFODNN7WRONGID", wrongSecret));

        var error = await Assert.ThrowsAsync<ObjectStoreException>(() => new StoreTransfer(objects, location).UploadAsync(SampleStore.Write(Path.Combine(_root, "s"), 20), CancellationToken.None));

        Assert.Contains(location.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("403", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("WrongSecret", error.ToString(), StringComparison.Ordinal);
        Assert.Null(error.InnerException);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static SortedSet<string> RecordIds(StoreLayout layout)
    {
        var reader = new StoreReader(layout);
        var ids = new SortedSet<string>(reader.Read().Select(r => r.RecordId), StringComparer.Ordinal);
        Assert.Empty(reader.Problems);
        return ids;
    }
}
