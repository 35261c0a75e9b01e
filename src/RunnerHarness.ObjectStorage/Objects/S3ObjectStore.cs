using Amazon.S3;
using Amazon.S3.Model;
using RunnerHarness.ObjectStorage.Locations;

namespace RunnerHarness.ObjectStorage.Objects;

/// <summary>A store's objects in one S3 (or S3-compatible) bucket.</summary>
internal sealed class S3ObjectStore(IAmazonS3 client, StoreLocation location) : IObjectStore
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
        var request = new ListObjectsV2Request { BucketName = location.Container, Prefix = keyPrefix };
        while (true)
        {
            ListObjectsV2Response response;
            try
            {
                response = await client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e)
            {
                throw Failure("list", keyPrefix + "*", e);
            }

            foreach (var entry in response.S3Objects ?? [])
            {
                yield return new ObjectEntry(entry.Key, entry.ETag ?? string.Empty, entry.Size ?? -1);
            }

            if (response.IsTruncated != true)
            {
                yield break;
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
    }

    public async Task DownloadAsync(string key, Stream destination, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetObjectAsync(location.Container, key, cancellationToken).ConfigureAwait(false);
            await response.ResponseStream.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e)
        {
            throw Failure("download", key, e);
        }
    }

    public async Task<bool> TryCreateAsync(string key, string path, CancellationToken cancellationToken)
    {
        // S3 honours If-None-Match: * on PutObject (since August 2024) and answers 412 when the key exists. Not every
        // S3-compatible store does (s3rver ignores it), so an existing object is looked for first: on such a store only
        // a writer racing between the look and the put could still be overwritten (docs/store.md).
        if (await ExistsAsync(key, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        // No aws-chunked streaming signature: S3-compatible stores that do not decode it (s3rver) would store the chunk
        // headers as the object's bytes. The payload is signed whole instead (the file is read twice).
        var request = new PutObjectRequest { BucketName = location.Container, Key = key, FilePath = path, IfNoneMatch = "*", UseChunkEncoding = false };
        try
        {
            await client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception e) when ((int)e.StatusCode == 412 || e.ErrorCode == "PreconditionFailed")
        {
            return false;
        }
        catch (AmazonS3Exception e)
        {
            throw Failure("create", key, e);
        }
    }

    public async Task<bool> TryDeleteAsync(string key, string etag, CancellationToken cancellationToken)
    {
        // S3 honours If-Match on DeleteObject; S3-compatible stores that ignore it (s3rver) would delete whatever has the
        // key, so the ETag is looked at first: on such a store only a replacement racing between the look and the delete
        // could be deleted, and sealed objects are never replaced (their names carry their checksums).
        if (await ETagOfAsync(key, cancellationToken).ConfigureAwait(false) != etag)
        {
            return false;
        }

        try
        {
            await client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = location.Container, Key = key, IfMatch = etag }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception e) when ((int)e.StatusCode is 404 or 412 || e.ErrorCode == "PreconditionFailed")
        {
            return false;
        }
        catch (AmazonS3Exception e)
        {
            throw Failure("delete", key, e);
        }
    }

    private async Task<string?> ETagOfAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await client.GetObjectMetadataAsync(location.Container, key, cancellationToken).ConfigureAwait(false);
            return metadata.ETag;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonS3Exception e)
        {
            throw Failure("look for", key, e);
        }
    }

    private async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await client.GetObjectMetadataAsync(location.Container, key, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
        catch (AmazonS3Exception e)
        {
            throw Failure("look for", key, e);
        }
    }

    private ObjectStoreException Failure(string operation, string key, AmazonS3Exception e) =>
        new($"Could not {operation} '{key}' in {location}: S3 answered {(int)e.StatusCode} {e.ErrorCode ?? "(no error code)"}.") { NotFound = e.StatusCode == System.Net.HttpStatusCode.NotFound };
}
