using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using RunnerHarness.ObjectStorage.Locations;

namespace RunnerHarness.ObjectStorage.Objects;

/// <summary>
/// Opens the object storage of a <see cref="StoreLocation"/> with the account, endpoint and credentials of the standard
/// Azure and AWS variables. Errors name the variable and, for anything but a secret, its value.
/// </summary>
internal static class ObjectStoreConnector
{
    /// <summary>Azure: a connection string (account, key or SAS, endpoint); takes precedence over the account name.</summary>
    public const string AzureConnectionString = "AZURE_STORAGE_CONNECTION_STRING";

    /// <summary>Azure: the account name, signed in with <c>DefaultAzureCredential</c> when no connection string is set.</summary>
    public const string AzureAccount = "AZURE_STORAGE_ACCOUNT";

    /// <summary>S3: the endpoint of an S3-compatible store, for S3 alone.</summary>
    public const string S3EndpointForS3 = "AWS_ENDPOINT_URL_S3";

    /// <summary>S3: the endpoint of an S3-compatible store, for every AWS service.</summary>
    public const string S3Endpoint = "AWS_ENDPOINT_URL";

    /// <summary>S3: the region; us-east-1 when unset.</summary>
    public const string S3Region = "AWS_REGION";

    /// <summary>S3: the access key id; with the secret key, or the SDK's default credential chain when unset.</summary>
    public const string S3AccessKeyId = "AWS_ACCESS_KEY_ID";

    /// <summary>S3: the secret access key.</summary>
    public const string S3SecretAccessKey = "AWS_SECRET_ACCESS_KEY";

    /// <summary>S3: the session token of temporary credentials.</summary>
    public const string S3SessionToken = "AWS_SESSION_TOKEN";

    /// <summary>The object storage of <paramref name="location"/>.</summary>
    /// <exception cref="StoreLocationException">The environment does not say how to reach it.</exception>
    public static IObjectStore Open(StoreLocation location, StoreEnvironment environment) => location.Kind switch
    {
        StoreLocationKind.AzureBlob => new AzureBlobObjectStore(AzureContainer(location, environment), location),
        _ => new S3ObjectStore(S3Client(location, environment), location),
    };

    /// <summary>
    /// The service endpoint <paramref name="location"/> resolves to (for example
    /// <c>https://team.blob.core.windows.net/</c> or <c>http://127.0.0.1:9000/</c>), without any credential: it names a
    /// service in logs and keeps the mirrors of two services apart.
    /// </summary>
    /// <exception cref="StoreLocationException">The environment does not say how to reach it.</exception>
    public static string ServiceOf(StoreLocation location, StoreEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (location.Kind == StoreLocationKind.AzureBlob)
        {
            // A connection string's SAS travels as the endpoint's query: keep the scheme, host, port and path only.
            return AzureContainer(location, environment).GetParentBlobServiceClient().Uri.GetLeftPart(UriPartial.Path);
        }

        using var client = S3Client(location, environment);
        var config = client.Config;
        return config.ServiceURL is { } service
            ? new Uri(service).GetLeftPart(UriPartial.Path)
            : $"https://s3.{config.RegionEndpoint.SystemName}.amazonaws.com/";
    }

    private static BlobContainerClient AzureContainer(StoreLocation location, StoreEnvironment environment)
    {
        if (environment[AzureConnectionString] is { } connectionString)
        {
            try
            {
                return new BlobServiceClient(connectionString).GetBlobContainerClient(location.Container);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
            {
                // The value holds the account key: never quote it, nor the parser's message that may.
                throw new StoreLocationException($"{AzureConnectionString} is not a valid Azure Storage connection string (for {location}); valid: 'DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=core.windows.net' or one with BlobEndpoint=… and a SharedAccessSignature=….");
            }
        }

        if (environment[AzureAccount] is { } account)
        {
            if (account.Length is < 3 or > 24 || !account.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
            {
                throw new StoreLocationException($"{AzureAccount} is '{account}' (for {location}); valid: a storage account name of 3 to 24 lower-case letters and digits.");
            }

            var service = new BlobServiceClient(new Uri($"https://{account}.blob.core.windows.net"), new DefaultAzureCredential());
            return service.GetBlobContainerClient(location.Container);
        }

        throw new StoreLocationException($"{location} needs an Azure Storage account: set {AzureConnectionString}, or {AzureAccount} to sign in with DefaultAzureCredential (Azure CLI, managed identity, workload identity, environment).");
    }

    private static AmazonS3Client S3Client(StoreLocation location, StoreEnvironment environment)
    {
        var region = environment[S3Region] ?? "us-east-1";
        var config = new AmazonS3Config { RegionEndpoint = RegionEndpoint.GetBySystemName(region) };
        var endpointVariable = environment[S3EndpointForS3] is not null ? S3EndpointForS3 : S3Endpoint;
        if (environment[endpointVariable] is { } endpoint)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.UserInfo))
            {
                throw new StoreLocationException($"{endpointVariable} is not an http(s) URL without credentials (for {location}); valid: e.g. https://s3.example.com or http://127.0.0.1:9000.");
            }

            // S3-compatible stores and emulators address buckets by path (http://host/bucket/key), not by host name.
            // Setting ServiceURL clears RegionEndpoint; requests are still signed for the region.
            config.ServiceURL = uri.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region;

            // The SDK's default CRC checksums travel as aws-chunked bodies with trailers, which S3-compatible stores
            // that predate them (s3rver among them) store verbatim: the object would not hold the file's bytes.
            // Integrity does not rest on them: every sealed file's SHA-256 is in its name and checked on each copy.
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }

        var keyId = environment[S3AccessKeyId];
        var secret = environment[S3SecretAccessKey];
        if ((keyId is null) != (secret is null))
        {
            throw new StoreLocationException($"{(keyId is null ? S3AccessKeyId : S3SecretAccessKey)} is unset while {(keyId is null ? S3SecretAccessKey : S3AccessKeyId)} is set (for {location}); valid: both set, or neither (the SDK's default credentials: profile, SSO, instance or container role).");
        }

        if (keyId is not null && secret is not null)
        {
            AWSCredentials credentials = environment[S3SessionToken] is { } token
                ? new SessionAWSCredentials(keyId, secret, token)
                : new BasicAWSCredentials(keyId, secret);
            return new AmazonS3Client(credentials, config);
        }

        return new AmazonS3Client(config);
    }
}
