using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Tests.Emulators;
using RunnerHarness.Schema;
using RunnerHarness.Store;

namespace RunnerHarness.Packaging.Tests;

/// <summary>
/// The packed RunnerHarness.Xunit (v2) writing to a URL store, as a user sets it up: RunnerHarness.ObjectStorage added by a
/// PackageReference from the feed, <c>RUNNER_HARNESS_STORE=az://…</c> and the connection string in the environment, run
/// with <c>dotnet test</c> against an Azurite the test starts; and the same project without that package.
/// </summary>
[Collection(GenerationPackages.Name)]
public sealed class UrlStoreConsumerTests(GenerationConsumers consumers, ObjectStorageEmulators emulators) : IClassFixture<ObjectStorageEmulators>
{
    private const int BatchRows = 8;
    private static readonly string[] BatchOnly = ["--filter", $"FullyQualifiedName~{GenerationConsumers.BatchClass}.Summarise"];

    [EmulatorFact]
    public async Task DotnetTest_ObjectStoragePackageAndAzStoreUrl_RecordsTheBatchInAzuriteAndASecondMachineTopsUpNothing()
    {
        var (location, environment) = await emulators.NewStoreAsync("az");
        var project = consumers.V2ObjectStorage;

        var first = GenerationConsumers.Test(project, BatchOnly, Settings(location, "machine-1"));

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains($"store {location} (from environment variable RUNNER_HARNESS_STORE)", first.Output, StringComparison.Ordinal);
        var objects = await ObjectStorageEmulators.KeysAsync(location, environment);
        Assert.Contains(objects, k => location.RelativePathOf(k).StartsWith("data/", StringComparison.Ordinal));
        Assert.Contains(objects, k => location.RelativePathOf(k).StartsWith("summaries/", StringComparison.Ordinal));
        var records = Downloaded(location, "downloaded-1");
        Assert.Equal(BatchRows, records.Count);
        Assert.Equal(BatchRows, records.Select(r => r.CaseKey).Distinct(StringComparer.Ordinal).Count());
        Assert.All(records, r => Assert.StartsWith("EvalBatch#EvalBatch.SummaryBatch.Summarise|model=sim-", r.CaseKey, StringComparison.Ordinal));

        // Another machine (an empty mirror) plans against what the object store holds: every sample is there.
        var second = GenerationConsumers.Test(project, BatchOnly, Settings(location, "machine-2"));

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("0 rows to run", second.Output, StringComparison.Ordinal);
        Assert.Equal(objects, await ObjectStorageEmulators.KeysAsync(location, environment));
        Assert.Equal(BatchRows, Downloaded(location, "downloaded-2").Count);
    }

    [EmulatorFact]
    public async Task DotnetTest_AzStoreUrlWithoutTheObjectStoragePackage_FailsAtStartNamingThePackageToAdd()
    {
        var (location, environment) = await emulators.NewStoreAsync("az");

        var run = GenerationConsumers.Test(consumers.V2, BatchOnly, Settings(location, "machine-without-package"));

        Assert.True(run.ExitCode != 0, run.Output);
        Assert.Contains($"names the store {location}, which cannot be used", run.Output, StringComparison.Ordinal);
        Assert.Contains("Add a PackageReference to RunnerHarness.ObjectStorage", run.Output, StringComparison.Ordinal);
        Assert.Empty(await ObjectStorageEmulators.KeysAsync(location, environment));
    }

    // What a user sets: the store URL and the connection string; the mirror's root in the feed's folder, one per "machine".
    private Dictionary<string, string> Settings(StoreLocation location, string machine) => new(emulators.VariablesOf("az"))
    {
        ["RUNNER_HARNESS_STORE"] = location.ToString(),
        ["RUNNER_HARNESS_STORE_MIRROR_DIR"] = Path.Combine(consumers.Folder, "mirrors", machine),
    };

    // The URL store copied to a local folder by the packed tool (`export --format store`), and read as a local store.
    private List<ResultRecord> Downloaded(StoreLocation location, string name)
    {
        var folder = Path.Combine(consumers.Folder, "stores", name);
        ChildProcess.Run(
            consumers.Tool, ["export", "--format", "store", "--store", location.ToString(), "--output", folder], consumers.Folder, emulators.VariablesOf("az"))
            .Succeeded();
        return [.. new StoreReader(new StoreLayout(folder)).Read()];
    }
}
