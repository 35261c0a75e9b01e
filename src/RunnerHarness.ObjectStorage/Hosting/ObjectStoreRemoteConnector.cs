using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Mirroring;
using RunnerHarness.ObjectStorage.Objects;
using RunnerHarness.Store.Remote;

namespace RunnerHarness.ObjectStorage.Hosting;

/// <summary>
/// The connector <see cref="RemoteStores"/> loads by name when a store setting is a URL: opens Azure Blob and S3 stores
/// for test hosts through this machine's mirror folder (<see cref="StoreMirrorFolder"/>).
/// </summary>
internal sealed class ObjectStoreRemoteConnector : IRemoteStoreConnector
{
    /// <inheritdoc />
    public string MirrorOf(string url, string? mirrorRoot, Func<string, string?> environment)
    {
        try
        {
            return StoreMirrorFolder.Of(StoreLocation.Parse(url), new StoreEnvironment(environment), mirrorRoot);
        }
        catch (StoreLocationException ex)
        {
            throw new RemoteStoreException(ex.Message, ex);
        }
    }

    /// <inheritdoc />
    public IRemoteStore Open(string url, string? mirrorRoot, Func<string, string?> environment)
    {
        try
        {
            var location = StoreLocation.Parse(url);
            var variables = new StoreEnvironment(environment);
            var mirror = StoreMirrorFolder.Of(location, variables, mirrorRoot);
            return new MirroredRemoteStore(ObjectStoreConnector.Open(location, variables), location, mirror);
        }
        catch (StoreLocationException ex)
        {
            throw new RemoteStoreException(ex.Message, ex);
        }
    }
}
