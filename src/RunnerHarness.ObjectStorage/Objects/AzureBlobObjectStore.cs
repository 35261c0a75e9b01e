using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using RunnerHarness.ObjectStorage.Locations;

namespace RunnerHarness.ObjectStorage.Objects;

/// <summary>A store's objects in one Azure Blob Storage container.</summary>
internal sealed class AzureBlobObjectStore(BlobContainerClient container, StoreLocation location) : IObjectStore
{
    public async IAsyncEnumerable<string> ListAsync(string keyPrefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entry in ListEntriesAsync(keyPrefix, cancellationToken).ConfigureAwait(false))
        {
            yield return entry.Key;
        }
    }

    public async IAsyncEnumerable<ObjectEntry> ListEntriesAsync(string keyPrefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = container.GetBlobsAsync(new GetBlobsOptions { Prefix = keyPrefix }, cancellationToken).AsPages();
        await using var enumerator = pages.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            Page<BlobItem> page;
            try
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }

                page = enumerator.Current;
            }
            catch (RequestFailedException e)
            {
                throw Failure("list", keyPrefix + "*", e);
            }

            foreach (var blob in page.Values)
            {
                yield return new ObjectEntry(blob.Name, blob.Properties.ETag?.ToString() ?? string.Empty, blob.Properties.ContentLength ?? -1);
            }
        }
    }

    public async Task DownloadAsync(string key, Stream destination, CancellationToken cancellationToken)
    {
        try
        {
            await container.GetBlobClient(key).DownloadToAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e)
        {
            throw Failure("download", key, e);
        }
    }

    public async Task<bool> TryCreateAsync(string key, string path, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } };
        try
        {
            await using var content = File.OpenRead(path);
            await container.GetBlobClient(key).UploadAsync(content, options, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409 && e.ErrorCode == BlobErrorCode.BlobAlreadyExists)
        {
            return false;
        }
        catch (RequestFailedException e)
        {
            throw Failure("create", key, e);
        }
    }

    public async Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken)
    {
        var conditions = new BlobRequestConditions { IfMatch = new ETag(etag) };
        try
        {
            await container.GetBlobClient(key).DeleteAsync(DeleteSnapshotsOption.None, conditions, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Gone already (another machine's compaction), or replaced since the listing: not this command's to delete.
            return false;
        }
        catch (RequestFailedException e)
        {
            throw Failure("delete", key, e);
        }
    }

    private ObjectStoreException Failure(string operation, string key, RequestFailedException e) =>
        new($"Could not {operation} '{key}' in {location}: Azure Blob Storage answered {e.Status} {e.ErrorCode ?? "(no error code)"}.") { NotFound = e.Status == 404 };
}
