using System.Globalization;
using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Objects;
using RunnerHarness.ObjectStorage.Tests.Emulators;
using RunnerHarness.ObjectStorage.Transfer;
using RunnerHarness.Store;

namespace RunnerHarness.ObjectStorage.Tests.Hosting;

/// <summary>
/// What the classes running the WorkflowBench sample into a URL store share (<see cref="UrlStoreShardedRunTests"/>,
/// <see cref="UrlStoreRecoveryTests"/>): the sample's row count, the settings that point a run at the store, and the store
/// downloaded into a local folder to read it back.
/// </summary>
internal static class UrlStoreRuns
{
    /// <summary>The rows of the sample's default matrix: 3 models x 3 prompt types x 5 difficulties x 5 task types, 2 samples each.</summary>
    public const int SampleRows = 450;

    /// <summary>
    /// The variables a user sets to run the sample into the URL store <paramref name="location"/> of <paramref name="service"/>
    /// ("az" or "s3") as run <paramref name="runId"/>, as shard <paramref name="shard"/> of 3 when given.
    /// </summary>
    public static Dictionary<string, string> Settings(ObjectStorageEmulators emulators, string service, StoreLocation location, string runId, int? shard)
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

    /// <summary>Downloads the URL store at <paramref name="location"/> into <paramref name="folder"/>, checking that nothing was refused.</summary>
    public static async Task<StoreLayout> DownloadAsync(StoreLocation location, StoreEnvironment environment, string folder)
    {
        var local = new StoreLayout(folder);
        var result = await new StoreTransfer(ObjectStoreConnector.Open(location, environment), location).DownloadAsync(local, CancellationToken.None);
        Assert.True(result.Complete, string.Join('\n', result.Refused));
        return local;
    }
}
