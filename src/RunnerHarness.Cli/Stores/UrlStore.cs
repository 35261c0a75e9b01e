using System.Globalization;
using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Mirroring;
using RunnerHarness.ObjectStorage.Objects;
using RunnerHarness.ObjectStorage.Transfer;
using RunnerHarness.Store;

namespace RunnerHarness.Cli.Stores;

/// <summary>
/// A store named by a URL (<c>az://</c>, <c>s3://</c>) as a command uses it: this machine's mirror folder of it
/// (<see cref="StoreMirrorFolder"/>), synced when opened so that it holds exactly the URL store's sealed objects (plus the
/// machine's own files not uploaded yet), then read as a local store. A writing command holds the mirror's lock from the
/// sync until <see cref="Publish"/> has uploaded what it wrote and deleted what it replaced. Errors name the URL, never a
/// credential.
/// </summary>
internal sealed class UrlStore : IDisposable
{
    // A sync or a writing command of the same mirror on this machine ends within its own run; longer means it hangs.
    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(10);

    private readonly IObjectStore _objects;
    private readonly MirrorSyncResult _synced;
    private readonly IReadOnlySet<string> _before;
    private MirrorLock? _lock;

    private UrlStore(StoreLocation location, IObjectStore objects, StoreLayout mirror, MirrorSyncResult synced, IReadOnlySet<string> before, MirrorLock? held)
    {
        Location = location;
        _objects = objects;
        Mirror = mirror;
        _synced = synced;
        _before = before;
        _lock = held;
    }

    /// <summary>The URL store.</summary>
    public StoreLocation Location { get; }

    /// <summary>This machine's mirror folder of it, synced.</summary>
    public StoreLayout Mirror { get; }

    /// <summary>How many sealed objects the URL store listed when synced.</summary>
    public int Objects => _synced.Listed.Count;

    /// <summary>Parses <paramref name="url"/>, connects with the environment's credentials and syncs the mirror.</summary>
    /// <param name="context">The command's context (environment, standard error).</param>
    /// <param name="url">The store URL.</param>
    /// <param name="forWriting">Whether the command writes: the mirror stays locked until <see cref="Publish"/> or <see cref="Dispose"/>.</param>
    /// <exception cref="CommandFailedException">The URL is invalid (<see cref="ExitCodes.UsageError"/>), the store cannot be reached (<see cref="ExitCodes.StoreUnavailable"/>), or objects were refused (<see cref="ExitCodes.StoreDamaged"/>).</exception>
    public static UrlStore Open(CliContext context, string url, bool forWriting)
    {
        StoreLocation location;
        try
        {
            location = StoreLocation.Parse(url);
        }
        catch (StoreLocationException e)
        {
            throw new CommandFailedException(ExitCodes.UsageError, e.Message, e);
        }

        var environment = new StoreEnvironment(context.Environment);
        MirrorLock? held = null;
        try
        {
            var objects = ObjectStoreConnector.Open(location, environment);
            var mirror = new StoreLayout(StoreMirrorFolder.Of(location, environment, context.MirrorDirectory));
            held = MirrorLock.Acquire(mirror.Root, location, LockWait);
            var synced = new MirrorSync(objects, location).SyncAsync(mirror, CancellationToken.None).GetAwaiter().GetResult();
            context.WriteError(string.Create(CultureInfo.InvariantCulture,
                $"note: {location}: {synced.Listed.Count} sealed objects; synced into this machine's mirror {mirror.Root} ({synced.Downloaded} downloaded, {synced.Removed} removed as the store no longer holds them)."));
            if (synced.Refused.Count > 0)
            {
                throw new CommandFailedException(ExitCodes.StoreDamaged,
                    $"{location}: {synced.Refused.Count} object(s) were not synced, so a read would miss their records:\n  {string.Join("\n  ", synced.Refused)}");
            }

            var before = SealedFolders.FilesOf(mirror).Keys.ToHashSet(StringComparer.Ordinal);
            if (!forWriting)
            {
                held.Dispose();
                held = null;
            }

            var store = new UrlStore(location, objects, mirror, synced, before, held);
            held = null;
            return store;
        }
        catch (StoreLocationException e)
        {
            throw new CommandFailedException(ExitCodes.StoreUnavailable, e.Message, e);
        }
        catch (ObjectStoreException e)
        {
            throw new CommandFailedException(ExitCodes.StoreUnavailable, e.Message, e);
        }
        finally
        {
            held?.Dispose();
        }
    }

    /// <summary>
    /// Uploads the sealed files the command wrote into the mirror (conditional creates), then, only if all are there,
    /// deletes the objects it replaced (conditional deletes on the ETags the sync listed), and releases the mirror.
    /// </summary>
    /// <exception cref="CommandFailedException">A file was refused (<see cref="ExitCodes.StoreUnavailable"/>; nothing was deleted) or the store failed a call.</exception>
    public MirrorPublishResult Publish(CliContext context)
    {
        try
        {
            var result = new MirrorPublish(_objects, Location).PublishAsync(Mirror, _synced, _before, CancellationToken.None).GetAwaiter().GetResult();
            context.WriteError(string.Create(CultureInfo.InvariantCulture,
                $"note: {Location}: uploaded {result.Uploaded} sealed file(s); deleted {result.Deleted} object(s) they replace ({result.AlreadyGone} already gone){(result.Redundant > 0 ? $"; deleted {result.Redundant} of the uploaded again, as another machine's compaction of the same objects holds all their records" : string.Empty)}."));
            if (result.Refused.Count > 0)
            {
                throw new CommandFailedException(ExitCodes.StoreUnavailable,
                    $"{Location}: {result.Refused.Count} file(s) were not uploaded, so no object was deleted; they stay in the mirror {Mirror.Root} and the next writing command uploads them:\n  {string.Join("\n  ", result.Refused)}");
            }

            return result;
        }
        catch (ObjectStoreException e)
        {
            throw new CommandFailedException(ExitCodes.StoreUnavailable, $"{e.Message} What is not uploaded yet stays in the mirror {Mirror.Root}; the next writing command uploads it.", e);
        }
        finally
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }
}
