using RunnerHarness.Store.Remote;

namespace RunnerHarness.ObjectStorage.Locations;

/// <summary>
/// A store in object storage, named by a URL: <c>az://CONTAINER/PREFIX</c> or <c>s3://BUCKET/PREFIX</c>. The store's
/// layout (<c>data/</c>, <c>summaries/</c>, <c>transcripts/</c>) lives under <see cref="Prefix"/> as a folder does under a
/// local store's root. The URL carries no account and no credentials: they come from the environment
/// (<see cref="Objects.ObjectStoreConnector"/>), so a URL can be logged and reported as it is.
/// </summary>
internal sealed record StoreLocation(StoreLocationKind Kind, string Container, string Prefix)
{
    private const string AzureScheme = "az://";
    private const string S3Scheme = "s3://";

    /// <summary>Whether <paramref name="text"/> is meant as a store URL (starts with <c>az://</c> or <c>s3://</c>) rather than a local path.</summary>
    public static bool IsUrl(string text) => RemoteStores.IsUrl(text);

    /// <summary>Parses a store URL.</summary>
    /// <exception cref="StoreLocationException">The URL is not <c>az://CONTAINER/PREFIX</c> or <c>s3://BUCKET/PREFIX</c> with valid names.</exception>
    public static StoreLocation Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        StoreLocationKind kind;
        string rest;
        if (url.StartsWith(AzureScheme, StringComparison.Ordinal))
        {
            kind = StoreLocationKind.AzureBlob;
            rest = url[AzureScheme.Length..];
        }
        else if (url.StartsWith(S3Scheme, StringComparison.Ordinal))
        {
            kind = StoreLocationKind.S3;
            rest = url[S3Scheme.Length..];
        }
        else
        {
            throw new StoreLocationException(
                $"Store URL '{url}' has no known scheme; valid: az://CONTAINER/PREFIX (Azure Blob Storage) or s3://BUCKET/PREFIX (S3), in lower case.");
        }

        if (rest.Contains('@') || rest.Contains('?') || rest.Contains('#'))
        {
            // A user name, a SAS token or a query would put a secret into every log line that names the store.
            throw new StoreLocationException(
                $"Store URL '{Redacted(url)}' (shown cut) carries credentials, a query or a fragment; give only {Form(kind)} and put credentials in the environment ({CredentialVariables(kind)}).");
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var container = slash < 0 ? rest : rest[..slash];
        var prefix = (slash < 0 ? string.Empty : rest[(slash + 1)..]).Trim('/');
        var problem = kind == StoreLocationKind.AzureBlob ? AzureContainerProblem(container) : S3BucketProblem(container);
        if (problem is not null)
        {
            throw new StoreLocationException($"Store URL '{url}' has {(kind == StoreLocationKind.AzureBlob ? "container" : "bucket")} name '{container}': {problem}; valid: {Form(kind)}.");
        }

        if (prefix.Split('/').Any(part => part is "." or ".." || (part.Length == 0 && prefix.Length > 0)))
        {
            throw new StoreLocationException($"Store URL '{url}' has prefix '{prefix}' with an empty, '.' or '..' segment; valid: folder names separated by single '/'.");
        }

        return new StoreLocation(kind, container, prefix);
    }

    /// <summary>The object key of <paramref name="relativePath"/> (a path relative to the store root, '/'-separated).</summary>
    public string KeyOf(string relativePath) => Prefix.Length == 0 ? relativePath : $"{Prefix}/{relativePath}";

    /// <summary>The path relative to the store root of object <paramref name="key"/> (one under <see cref="Prefix"/>).</summary>
    public string RelativePathOf(string key) => Prefix.Length == 0 ? key : key[(Prefix.Length + 1)..];

    /// <summary>The URL, as given (without credentials, which a URL never carries).</summary>
    public override string ToString() =>
        $"{(Kind == StoreLocationKind.AzureBlob ? AzureScheme : S3Scheme)}{Container}{(Prefix.Length == 0 ? string.Empty : "/" + Prefix)}";

    private static string Form(StoreLocationKind kind) => kind == StoreLocationKind.AzureBlob ? "az://CONTAINER/PREFIX" : "s3://BUCKET/PREFIX";

    private static string CredentialVariables(StoreLocationKind kind) => kind == StoreLocationKind.AzureBlob
        ? "AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT with DefaultAzureCredential"
        : "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION";

    private static string Redacted(string url)
    {
        // Everything after the scheme may be a secret (a user:password before '@', a SAS after '?').
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        return url[..(scheme + 3)] + "…";
    }

    // https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata
    private static string? AzureContainerProblem(string name)
    {
        if (name.Length is < 3 or > 63)
        {
            return "a container name has 3 to 63 characters";
        }

        if (!name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') || name[0] == '-' || name[^1] == '-' || name.Contains("--", StringComparison.Ordinal))
        {
            return "a container name has lower-case letters, digits and single '-' between them";
        }

        return null;
    }

    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
    private static string? S3BucketProblem(string name)
    {
        if (name.Length is < 3 or > 63)
        {
            return "a bucket name has 3 to 63 characters";
        }

        if (!name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')
            || !char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]) || name.Contains("..", StringComparison.Ordinal))
        {
            return "a bucket name has lower-case letters, digits, '-' and '.', and starts and ends with a letter or digit";
        }

        return null;
    }
}
