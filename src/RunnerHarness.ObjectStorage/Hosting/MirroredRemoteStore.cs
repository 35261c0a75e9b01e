using System.Collections.Concurrent;
using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Mirroring;
using RunnerHarness.ObjectStorage.Objects;
using RunnerHarness.ObjectStorage.Transfer;
using RunnerHarness.Store;
using RunnerHarness.Store.Remote;

namespace RunnerHarness.ObjectStorage.Hosting;

/// <summary>
/// A URL store as a test host writes it: through a local mirror folder, synced by <see cref="MirrorSync"/> as every command
/// of the CLI syncs it (downloads of what planning reads: the summaries, and only the data files no sound summary answers
/// for; removal of copies whose objects another machine compacted or migrated away). Each upload pass uploads the mirror's sealed files that are not copies of the URL store's objects (not
/// in the mirror's <see cref="MirrorManifest"/>): data files first, then transcripts, then summaries, so no summary in the
/// object store ever names a data file that is not there; each uploaded file goes into the manifest. Syncs and passes hold
/// the mirror's <see cref="MirrorLock"/>, so the test hosts and commands of one machine sharing the mirror take turns.
/// Passes run one at a time, in the background on <see cref="RequestUpload"/> and once more in
/// <see cref="CompleteUploads"/>; a file that fails stays in the mirror and is tried again by the next pass and the next run.
/// </summary>
internal sealed class MirroredRemoteStore : IRemoteStore
{
    // Data before transcripts before summaries: a summary names its data file, a transcript its records.
    private static readonly string[] UploadOrder = ["data", "transcripts", "summaries"];

    // A command of this machine holds the mirror from its sync to its end, which is within its own run; as UrlStore waits.
    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(10);

    // The failure of the mirror itself (its lock, its listing, its manifest), kept with the files' failures so that CompleteUploads reports it.
    private const string MirrorFailureKey = "";

    private readonly IObjectStore _objects;
    private readonly StoreLocation _location;
    private readonly StoreLayout _mirror;
    private readonly StoreTransfer _transfer;
    private readonly ConcurrentDictionary<string, string> _failures = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _pass = new(1, 1);
    private readonly SemaphoreSlim _requested = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _background;
    private int _uploaded;

    public MirroredRemoteStore(IObjectStore objects, StoreLocation location, string mirrorPath)
    {
        _objects = objects;
        _location = location;
        _mirror = new StoreLayout(mirrorPath);
        _transfer = new StoreTransfer(objects, location);
        _background = Task.Run(BackgroundAsync);
    }

    /// <inheritdoc />
    public string Url => _location.ToString();

    /// <inheritdoc />
    public string MirrorPath => _mirror.Root;

    /// <summary>How many files this store's passes uploaded so far.</summary>
    public int Uploaded => Volatile.Read(ref _uploaded);

    /// <inheritdoc />
    public string Synchronize(CancellationToken cancellationToken) =>
        Task.Run(() => SynchronizeAsync(MirrorContent.Planning, cancellationToken), cancellationToken).GetAwaiter().GetResult();

    /// <inheritdoc />
    public string SynchronizeRecords(CancellationToken cancellationToken) =>
        Task.Run(() => SynchronizeAsync(MirrorContent.Everything, cancellationToken), cancellationToken).GetAwaiter().GetResult();

    /// <inheritdoc />
    public void RequestUpload()
    {
        try
        {
            _requested.Release();
        }
        catch (SemaphoreFullException)
        {
            // A pass is already asked for; it will see this file too.
        }
    }

    /// <inheritdoc />
    public string CompleteUploads(CancellationToken cancellationToken) =>
        Task.Run(() => CompleteUploadsAsync(cancellationToken), cancellationToken).GetAwaiter().GetResult();

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _background.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _pass.Dispose();
        _requested.Dispose();
    }

    private async Task<string> SynchronizeAsync(MirrorContent content, CancellationToken cancellationToken)
    {
        MirrorSyncResult synced;
        try
        {
            using (await MirrorLock.AcquireAsync(_mirror.Root, _location, LockWait, cancellationToken).ConfigureAwait(false))
            {
                synced = await new MirrorSync(_objects, _location, content).SyncAsync(_mirror, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new RemoteStoreException($"The store {Url} could not be synced into its mirror {MirrorPath}: {Reason(ex)}");
        }

        // What an earlier run on this machine sealed and did not upload (killed, or offline) goes up now.
        var before = Uploaded;
        await PassAsync(cancellationToken).ConfigureAwait(false);
        var recovered = Uploaded - before;
        var line = $"store {Url}: {synced.Listed.Count} sealed files listed, {synced.Downloaded} downloaded into the mirror {MirrorPath} ({synced.DataDownloaded} of them data files), " +
            $"{synced.Removed} removed as the store no longer holds them" +
            (recovered > 0 ? $", {recovered} files an earlier run on this machine had not uploaded were uploaded" : "");
        return synced.Refused.Count == 0 ? line : $"{line}; {synced.Refused.Count} not downloaded: {string.Join(" ", synced.Refused)}";
    }

    private async Task BackgroundAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _requested.WaitAsync(_stop.Token).ConfigureAwait(false);
                await PassAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<string> CompleteUploadsAsync(CancellationToken cancellationToken)
    {
        // Waits for a background pass under way (one pass at a time), then uploads what is left.
        await PassAsync(cancellationToken).ConfigureAwait(false);
        if (!_failures.IsEmpty)
        {
            throw new RemoteStoreException(
                $"{_failures.Count} sealed files could not be uploaded to {Url}; they stay in the mirror {MirrorPath}, and the next run on this machine " +
                $"with this store uploads them: {string.Join(" ", _failures.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Value))}");
        }

        return $"{Uploaded} files uploaded to {Url}";
    }

    /// <summary>
    /// Uploads the mirror's sealed files that are not copies of the URL store's objects (not in its manifest), under the
    /// mirror's lock, recording each failure; each uploaded file goes into the manifest at once, so that no later pass or
    /// sync of this machine takes it for its own again after another machine compacted it away.
    /// </summary>
    private async Task PassAsync(CancellationToken cancellationToken)
    {
        await _pass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            MirrorLock held;
            try
            {
                held = await MirrorLock.AcquireAsync(_mirror.Root, _location, LockWait, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreLocationException ex)
            {
                _failures[MirrorFailureKey] = ex.Message;
                return;
            }

            using (held)
            {
                await UploadUnsyncedAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>The body of a pass; the caller holds the mirror's lock.</summary>
    private async Task UploadUnsyncedAsync(CancellationToken cancellationToken)
    {
        // Listed in the reverse of the upload order: a file is sealed before its summary is written, so every
        // summary listed here has its data file in the later listing of data/, and is uploaded after it.
        Dictionary<string, IReadOnlyList<string>> listings;
        HashSet<string> manifest;
        try
        {
            listings = Enumerable.Reverse(UploadOrder).ToDictionary(folder => folder, folder => _mirror.List(Path.Combine(_mirror.Root, folder)).Files, StringComparer.Ordinal);
            manifest = MirrorManifest.Read(_mirror.Root);
            _failures.TryRemove(MirrorFailureKey, out _);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _failures[MirrorFailureKey] = $"the mirror {MirrorPath} or its list of synced files ({MirrorManifest.FileName}) could not be read: {ex.Message}";
            return;
        }

        foreach (var folder in UploadOrder)
        {
            foreach (var path in listings[folder])
            {
                var relative = _mirror.Relative(path);
                if (manifest.Contains(relative))
                {
                    continue;
                }

                string? refusal;
                try
                {
                    refusal = await _transfer.UploadFileAsync(_mirror, path, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    refusal = $"{relative}: not uploaded: {Reason(ex)}";
                }

                if (refusal is null or "")
                {
                    manifest.Add(relative);
                    try
                    {
                        MirrorManifest.Write(_mirror.Root, manifest);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        // Uploaded, but not recorded as a copy: a later sync could not remove it once compacted away elsewhere, nor would a pass know it is there.
                        _failures[MirrorFailureKey] = $"{relative} was uploaded but the mirror's list of synced files ({Path.Combine(MirrorPath, MirrorManifest.FileName)}) could not be written: {ex.Message}";
                        return;
                    }

                    _failures.TryRemove(relative, out _);
                    if (refusal is null)
                    {
                        Interlocked.Increment(ref _uploaded);
                    }
                }
                else
                {
                    _failures[relative] = refusal;
                }
            }
        }
    }

    /// <summary>
    /// Why a call failed: an <see cref="ObjectStoreException"/> names the key, status and code, a
    /// <see cref="StoreLocationException"/> the mirror's lock; any other exception (the service unreachable) only by its
    /// type, because an SDK's message may quote request headers.
    /// </summary>
    private static string Reason(Exception ex) =>
        ex is ObjectStoreException or StoreLocationException or IOException or UnauthorizedAccessException ? ex.Message : $"the service could not be reached or answered ({ex.GetType().Name})";
}
