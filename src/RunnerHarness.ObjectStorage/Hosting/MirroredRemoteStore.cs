using System.Collections.Concurrent;
using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Objects;
using RunnerHarness.ObjectStorage.Transfer;
using RunnerHarness.Store;
using RunnerHarness.Store.Remote;

namespace RunnerHarness.ObjectStorage.Hosting;

/// <summary>
/// A URL store as a test host writes it: through a local mirror folder. It knows which sealed files the URL store holds
/// (listed at <see cref="Synchronize"/>, then every file it uploads), and each upload pass uploads the mirror's sealed files
/// outside that set: data files first, then transcripts, then summaries, so no summary in the object store ever names a
/// data file that is not there. Passes run one at a time, in the background on <see cref="RequestUpload"/> and once more in
/// <see cref="CompleteUploads"/>; a file that fails stays in the mirror and is tried again by the next pass and the next run.
/// </summary>
internal sealed class MirroredRemoteStore : IRemoteStore
{
    // What planning reads: records (whose summaries the reader trusts only beside their file) and summaries.
    private static readonly string[] PlanningFolders = ["data", "summaries"];

    // Data before transcripts before summaries: a summary names its data file, a transcript its records.
    private static readonly string[] UploadOrder = ["data", "transcripts", "summaries"];

    // The failure of listing the mirror itself, kept with the files' failures so that CompleteUploads reports it.
    private const string MirrorListingKey = "";

    private readonly IObjectStore _objects;
    private readonly StoreLocation _location;
    private readonly StoreLayout _mirror;
    private readonly StoreTransfer _transfer;
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);
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
        Task.Run(() => SynchronizeAsync(cancellationToken), cancellationToken).GetAwaiter().GetResult();

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

    private async Task<string> SynchronizeAsync(CancellationToken cancellationToken)
    {
        var downloaded = 0;
        var refused = new List<string>();
        try
        {
            Directory.CreateDirectory(_mirror.Root);
            foreach (var folder in UploadOrder)
            {
                await foreach (var key in _objects.ListAsync(_location.KeyOf(folder + "/"), cancellationToken).ConfigureAwait(false))
                {
                    var relative = _location.RelativePathOf(key);
                    if (!SealedFolders.Contains(relative))
                    {
                        continue;
                    }

                    lock (_held)
                    {
                        _held.Add(relative);
                    }

                    if (!PlanningFolders.Contains(folder) || File.Exists(Path.Combine(_mirror.Root, relative.Replace('/', Path.DirectorySeparatorChar))))
                    {
                        continue;
                    }

                    switch (await _transfer.DownloadFileAsync(_mirror, relative, cancellationToken).ConfigureAwait(false))
                    {
                        case null:
                            downloaded++;
                            break;
                        case "":
                            break;
                        case var refusal:
                            refused.Add(refusal);
                            break;
                    }
                }
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
        var line = $"store {Url}: {_held.Count} sealed files listed, {downloaded} downloaded into the mirror {MirrorPath}" +
            (recovered > 0 ? $", {recovered} files an earlier run on this machine had not uploaded were uploaded" : "");
        return refused.Count == 0 ? line : $"{line}; {refused.Count} not downloaded: {string.Join(" ", refused)}";
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

    /// <summary>Uploads the mirror's sealed files the URL store is not known to hold, recording each failure.</summary>
    private async Task PassAsync(CancellationToken cancellationToken)
    {
        await _pass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Listed in the reverse of the upload order: a file is sealed before its summary is written, so every
            // summary listed here has its data file in the later listing of data/, and is uploaded after it.
            Dictionary<string, IReadOnlyList<string>> listings;
            try
            {
                listings = Enumerable.Reverse(UploadOrder).ToDictionary(folder => folder, folder => _mirror.List(Path.Combine(_mirror.Root, folder)).Files, StringComparer.Ordinal);
                _failures.TryRemove(MirrorListingKey, out _);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _failures[MirrorListingKey] = $"the mirror {MirrorPath} could not be listed: {ex.Message}";
                return;
            }

            foreach (var folder in UploadOrder)
            {
                foreach (var path in listings[folder])
                {
                    var relative = _mirror.Relative(path);
                    lock (_held)
                    {
                        if (_held.Contains(relative))
                        {
                            continue;
                        }
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
                        lock (_held)
                        {
                            _held.Add(relative);
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
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>
    /// Why a call failed: an <see cref="ObjectStoreException"/> names the key, status and code; any other exception (the
    /// service unreachable) only by its type, because an SDK's message may quote request headers.
    /// </summary>
    private static string Reason(Exception ex) =>
        ex is ObjectStoreException or IOException ? ex.Message : $"the service could not be reached or answered ({ex.GetType().Name})";
}
