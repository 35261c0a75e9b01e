using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RunnerHarness.Models.Configuration;

namespace RunnerHarness.Models.Limits;

/// <summary>
/// Where the machine-wide limits live: one folder per provider under <c>$TMPDIR/runner-harness-limits-&lt;user&gt;/</c>
/// (or the folder <c>RUNNER_HARNESS_LIMITS_DIR</c> names), named by a hash of what identifies the provider's quota
/// (its kind and endpoint), readable and writable by the owner only.
/// </summary>
internal static class MachineLimitsFolder
{
    /// <summary>The default folder: per user, so two users of one machine do not lock each other out of a shared temp folder.</summary>
    public static string Default => Path.Combine(Path.GetTempPath(), $"runner-harness-limits-{SafeName(Environment.UserName)}");

    /// <summary>
    /// The folder of <paramref name="provider"/> under <paramref name="root"/>. Providers with the same kind and endpoint
    /// share it (the quota is the endpoint's, whatever each models file calls it); simulated providers are told apart by name.
    /// </summary>
    public static string Of(string root, ProviderDefinition provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return Path.Combine(root, Hash(Identity(provider)));
    }

    /// <summary>
    /// The folder of the row starts of <paramref name="provider"/>, a provider only <c>RUNNER_HARNESS_PROVIDER_LIMITS</c>
    /// names: nothing but its name is known of it, so every process naming it (in any case) shares it.
    /// </summary>
    public static string OfRowStarts(string root, string provider) => Path.Combine(root, Hash(RowStartIdentity(provider)));

    /// <summary>What identifies the row starts of <paramref name="provider"/>, as written into their lease file for people.</summary>
    public static string RowStartIdentity(string provider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        return $"row starts of {provider.ToLowerInvariant()}";
    }

    /// <summary>What identifies the provider's quota, as written into its lease file for people: never a key.</summary>
    public static string Identity(ProviderDefinition provider) => provider.Kind == ProviderKind.Simulated
        ? $"{ProviderKinds.NameOf(provider.Kind)} {provider.Name}"
        : $"{ProviderKinds.NameOf(provider.Kind)} {OpenAIChatClientsEndpoint(provider).ToLowerInvariant().TrimEnd('/')}";

    /// <summary>
    /// Creates <paramref name="directory"/> (and its parent) for the owner only, or checks that no other user may write to
    /// an existing one: a folder others may write to would let them hold every lease of the machine.
    /// </summary>
    /// <exception cref="ModelsConfigurationException">The folder or its parent exists and other users may write to it, or it cannot be created.</exception>
    public static void EnsurePrivate(string directory)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                System.IO.Directory.CreateDirectory(directory);
                return;
            }

            var parent = Path.GetDirectoryName(directory);
            if (parent is not null && !System.IO.Directory.Exists(parent))
            {
                System.IO.Directory.CreateDirectory(parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            foreach (var folder in parent is null ? [directory] : new[] { parent, directory })
            {
                var mode = File.GetUnixFileMode(folder);
                // Reading does no harm (there are no keys); another user who may write could hold every lease of the machine.
                const UnixFileMode othersWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
                if ((mode & othersWrite) != 0)
                {
                    throw new ModelsConfigurationException(
                        $"RunnerHarness: other users may write to the machine-wide limits folder {folder} (mode {Convert.ToString((int)mode, 8)}); " +
                        "it must be writable by its owner only (chmod 700), or set RUNNER_HARNESS_LIMITS_DIR to another folder.");
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ModelsConfigurationException(
                $"RunnerHarness: the machine-wide limits folder {directory} cannot be used: {ex.Message} Set RUNNER_HARNESS_LIMITS_DIR to a folder this user may create.", ex);
        }
    }

    private static string OpenAIChatClientsEndpoint(ProviderDefinition provider) => Pipeline.OpenAIChatClients.EndpointOf(provider).ToString();

    private static string Hash(string identity) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16];

    private static string SafeName(string name)
    {
        var safe = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return safe.Length == 0 ? string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}") : safe.ToString();
    }
}
