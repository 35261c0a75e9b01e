using System.Security.Cryptography;
using System.Text;
using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Objects;

namespace RunnerHarness.ObjectStorage.Mirroring;

/// <summary>
/// Where this machine keeps its local mirror of a URL store: an ordinary local store folder that holds the sealed files
/// synced from the URL store and the machine's own write-ahead log before its files are uploaded. Every command and test
/// host of the machine that names the same store at the same service uses the same folder, so what one synced the next
/// finds; two services holding a container of the same name (two emulators, two accounts) never share one.
/// </summary>
internal static class StoreMirrorFolder
{
    /// <summary>The variable naming the folder under which mirrors live, when no folder is configured otherwise.</summary>
    public const string RootVariable = "RUNNER_HARNESS_STORE_MIRROR_DIR";

    /// <summary>
    /// The mirror folder of <paramref name="location"/>: <c>&lt;root&gt;/&lt;container&gt;-&lt;hash&gt;</c>, the hash over the
    /// service's endpoint and the URL (never a credential). The root is <paramref name="configuredRoot"/>, else
    /// <see cref="RootVariable"/>, else <c>runner-harness/store-mirrors</c> in the user's local application data.
    /// </summary>
    /// <exception cref="StoreLocationException">No root is configured and the user has no local application data folder.</exception>
    public static string Of(StoreLocation location, StoreEnvironment environment, string? configuredRoot = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(environment);
        var root = configuredRoot ?? environment[RootVariable] ?? DefaultRoot(location);
        var identity = Encoding.UTF8.GetBytes(ObjectStoreConnector.ServiceOf(location, environment) + "\n" + location);
        var hash = Convert.ToHexStringLower(SHA256.HashData(identity))[..16];
        return Path.GetFullPath(Path.Combine(root, $"{location.Container}-{hash}"));
    }

    private static string DefaultRoot(StoreLocation location)
    {
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(data))
        {
            throw new StoreLocationException($"{location} needs a local mirror folder and this user has no local application data folder (HOME unset?); set {RootVariable} to a folder on this machine's disk.");
        }

        return Path.Combine(data, "runner-harness", "store-mirrors");
    }
}
