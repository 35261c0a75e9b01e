using RunnerHarness.Settings;
using RunnerHarness.Store.Remote;

namespace RunnerHarness.Cli.Running;

/// <summary>
/// Brings this machine's mirror of a store in object storage up to date before <c>run</c> checks the run id against it
/// and keeps its logs there; files an earlier run on this machine sealed but did not upload are uploaded too. It downloads
/// the data files as well as the summaries: <c>run</c> counts its shards' records and reports the store's records at its end.
/// </summary>
internal static class UrlStoreSync
{
    /// <summary>Syncs the mirror of <paramref name="settings"/>' store URL; returns the line that says what was copied.</summary>
    /// <exception cref="CommandFailedException">The store cannot be reached or listed.</exception>
    public static string Synchronize(HarnessSettings settings)
    {
        var url = settings.StoreUrl ?? throw new ArgumentException("The store is not in object storage.", nameof(settings));
        try
        {
            using var remote = RemoteStores.Connector(url).Open(url, settings.StoreMirrorRoot, Environment.GetEnvironmentVariable);
            return remote.SynchronizeRecords(CancellationToken.None);
        }
        catch (RemoteStoreException ex)
        {
            throw new CommandFailedException(ExitCodes.StoreUnavailable, ex.Message, ex);
        }
    }
}
