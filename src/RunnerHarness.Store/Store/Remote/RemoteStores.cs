using System.Reflection;

namespace RunnerHarness.Store.Remote;

/// <summary>
/// Tells store URLs from paths and finds the connector of stores in object storage: the type
/// <see cref="ConnectorTypeName"/> of the assembly <see cref="AssemblyName"/>, loaded only when a store setting is a URL,
/// so that a user of local stores needs neither that assembly nor the Azure and AWS SDKs it brings.
/// </summary>
internal static class RemoteStores
{
    /// <summary>The assembly (and package) that implements stores in object storage.</summary>
    public const string AssemblyName = "RunnerHarness.ObjectStorage";

    /// <summary>The type in <see cref="AssemblyName"/> that implements <see cref="IRemoteStoreConnector"/>.</summary>
    public const string ConnectorTypeName = "RunnerHarness.ObjectStorage.Hosting.ObjectStoreRemoteConnector";

    private static IRemoteStoreConnector? _connector;

    /// <summary>Whether <paramref name="text"/> names a store in object storage (<c>az://</c> or <c>s3://</c>, any case) rather than a folder.</summary>
    public static bool IsUrl(string? text) =>
        text is not null
        && (text.StartsWith("az://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("s3://", StringComparison.OrdinalIgnoreCase));

    /// <summary>The connector of stores in object storage, loaded on first use.</summary>
    /// <param name="url">The store URL that needs it, for the error.</param>
    /// <exception cref="RemoteStoreException">The assembly <see cref="AssemblyName"/> cannot be loaded: the message says to reference its package.</exception>
    public static IRemoteStoreConnector Connector(string url)
    {
        if (_connector is { } connector)
        {
            return connector;
        }

        Type? type;
        try
        {
            type = Assembly.Load(new AssemblyName(AssemblyName)).GetType(ConnectorTypeName, throwOnError: false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            throw new RemoteStoreException(
                $"The store {url} is in object storage, which needs the {AssemblyName} assembly, and it is not beside the test assembly ({ex.Message}). " +
                $"Add a PackageReference to {AssemblyName} to the test project (or a ProjectReference to src/{AssemblyName}), or name a local store folder.",
                ex);
        }

        if (type is null || Activator.CreateInstance(type, nonPublic: true) is not IRemoteStoreConnector created)
        {
            throw new RemoteStoreException(
                $"The store {url} is in object storage, and the {AssemblyName} assembly that was loaded has no {ConnectorTypeName}: its version does not match this RunnerHarness. " +
                $"Reference {AssemblyName} of the same version as RunnerHarness.");
        }

        return _connector = created;
    }
}
