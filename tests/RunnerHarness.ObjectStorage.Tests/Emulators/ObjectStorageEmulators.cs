using System.Text.RegularExpressions;
using Amazon.S3;
using Amazon.S3.Model;
using Azure.Storage.Blobs;
using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Objects;
using RunnerHarness.ObjectStorage.Transfer;
using RunnerHarness.Store;

namespace RunnerHarness.ObjectStorage.Tests.Emulators;

/// <summary>
/// Azurite (Azure Blob) and s3rver (S3) on 127.0.0.1 with a port the system chose, Azurite with telemetry off and its data
/// in memory: a class fixture whose emulators are shared by the classes running at the same time. <see cref="NewStoreAsync"/>
/// gives each test an empty container or bucket of its own and the environment variables a user would set to reach it, so
/// the classes stay independent of each other.
/// </summary>
public sealed partial class ObjectStorageEmulators : IAsyncLifetime
{
    /// <summary>Azurite's well-known development account key (documented by Microsoft; not a secret).</summary>
    public const string AzuriteAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>s3rver's built-in credentials.</summary>
    public const string S3rverKeyId = "S3RVER";

    /// <summary>s3rver's built-in secret key.</summary>
    public const string S3rverSecret = "S3RVER";

    // The emulators of the classes running now: the first fixture to start starts them, the last one to end stops them.
    // Once per class they started eight times, each start ~2 s of CPU (Azurite 1.7 s, s3rver 0.4 s) and a wait of seconds
    // on a loaded 2-core machine before the class's first test (docs/testing.md).
    private static readonly SemaphoreSlim SharedGate = new(1, 1);
    private static EmulatorProcess? _sharedAzurite;
    private static EmulatorProcess? _sharedS3rver;
    private static int _fixturesUsingShared;

    private EmulatorProcess? _azurite;
    private EmulatorProcess? _s3rver;

    /// <summary>Azurite's blob port.</summary>
    public int AzuritePort => _azurite?.Port ?? throw new InvalidOperationException("Azurite has not started.");

    /// <summary>s3rver's port.</summary>
    public int S3rverPort => _s3rver?.Port ?? throw new InvalidOperationException("s3rver has not started.");

    public async Task InitializeAsync()
    {
        if (EmulatorProcess.NodePath is null)
        {
            return; // Every test here is skipped (EmulatorFactAttribute).
        }

        await SharedGate.WaitAsync();
        try
        {
            if (_fixturesUsingShared == 0)
            {
                (_sharedAzurite, _sharedS3rver) = await StartBothAsync();
            }

            _fixturesUsingShared++;
            (_azurite, _s3rver) = (_sharedAzurite, _sharedS3rver);
        }
        finally
        {
            SharedGate.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (_azurite is null)
        {
            return;
        }

        await SharedGate.WaitAsync();
        try
        {
            _fixturesUsingShared--;
            if (_fixturesUsingShared == 0)
            {
                await _sharedAzurite!.DisposeAsync();
                await _sharedS3rver!.DisposeAsync();
                (_sharedAzurite, _sharedS3rver) = (null, null);
            }
        }
        finally
        {
            SharedGate.Release();
        }
    }

    private static async Task<(EmulatorProcess Azurite, EmulatorProcess S3rver)> StartBothAsync()
    {
        var azurite = EmulatorProcess.StartAsync(
            "azurite-blob",
            ["--blobHost", "127.0.0.1", "--blobPort", "0", "--disableTelemetry", "--inMemoryPersistence", "--skipApiVersionCheck"],
            AzuriteListening());
        var s3rver = EmulatorProcess.StartAsync(
            "s3rver",
            ["--address", "127.0.0.1", "--port", "0", "--directory", "{dir}"],
            S3rverListening());
        try
        {
            return (await azurite, await s3rver);
        }
        catch
        {
            // The one that did start is not left running.
            foreach (var started in new[] { azurite, s3rver }.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>The environment that reaches Azurite, with <paramref name="accountKey"/> as the account key.</summary>
    internal StoreEnvironment AzureEnvironment(string accountKey = AzuriteAccountKey) => StoreEnvironment.Of(AzureVariables(accountKey));

    /// <summary>The environment that reaches s3rver, with <paramref name="keyId"/> and <paramref name="secret"/> as the keys.</summary>
    internal StoreEnvironment S3Environment(string keyId = S3rverKeyId, string secret = S3rverSecret) => StoreEnvironment.Of(S3Variables(keyId, secret));

    /// <summary>The variables a user sets to reach <paramref name="service"/> ("az" or "s3"), for a child process.</summary>
    internal IReadOnlyDictionary<string, string> VariablesOf(string service) => service == "az" ? AzureVariables(AzuriteAccountKey) : S3Variables(S3rverKeyId, S3rverSecret);

    private Dictionary<string, string> AzureVariables(string accountKey) => new()
    {
        [ObjectStoreConnector.AzureConnectionString] =
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={accountKey};BlobEndpoint=http://127.0.0.1:{AzuritePort}/devstoreaccount1;",
    };

    private Dictionary<string, string> S3Variables(string keyId, string secret) => new()
    {
        [ObjectStoreConnector.S3EndpointForS3] = $"http://127.0.0.1:{S3rverPort}",
        [ObjectStoreConnector.S3AccessKeyId] = keyId,
        [ObjectStoreConnector.S3SecretAccessKey] = secret,
        [ObjectStoreConnector.S3Region] = "us-east-1",
    };

    /// <summary>
    /// A new store (<see cref="NewStoreAsync"/>) holding the sealed files of <paramref name="seed"/>, uploaded as
    /// <c>export --format store</c> uploads them, and the object store it is in.
    /// </summary>
    internal async Task<(StoreLocation Location, StoreEnvironment Environment, IObjectStore Objects)> NewStoreHoldingAsync(string service, StoreLayout seed)
    {
        var (location, environment) = await NewStoreAsync(service);
        var objects = ObjectStoreConnector.Open(location, environment);
        var upload = await new StoreTransfer(objects, location).UploadAsync(seed, CancellationToken.None);
        Assert.True(upload.Complete, string.Join('\n', upload.Refused));
        return (location, environment, objects);
    }

    /// <summary>A new empty container (<paramref name="service"/> "az") or bucket ("s3"), its store URL and environment.</summary>
    internal async Task<(StoreLocation Location, StoreEnvironment Environment)> NewStoreAsync(string service, string prefix = "studies/workflowbench")
    {
        var name = $"rh-{Guid.NewGuid():N}"[..20];
        if (service == "az")
        {
            var environment = AzureEnvironment();
            await new BlobServiceClient(environment[ObjectStoreConnector.AzureConnectionString]).GetBlobContainerClient(name).CreateAsync();
            return (StoreLocation.Parse($"az://{name}/{prefix}"), environment);
        }

        var s3 = S3Environment();
        using var client = new AmazonS3Client(S3rverKeyId, S3rverSecret, new AmazonS3Config
        {
            ServiceURL = s3[ObjectStoreConnector.S3EndpointForS3],
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
        });
        await client.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return (StoreLocation.Parse($"s3://{name}/{prefix}"), s3);
    }

    /// <summary>The keys of the objects of the store at <paramref name="location"/> under <paramref name="under"/> (a path relative to the store), in ordinal order.</summary>
    internal static async Task<List<string>> KeysAsync(StoreLocation location, StoreEnvironment environment, string under = "")
    {
        var keys = new List<string>();
        await foreach (var key in ObjectStoreConnector.Open(location, environment).ListAsync(location.KeyOf(under), CancellationToken.None))
        {
            keys.Add(key);
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    [GeneratedRegex(@"listens on http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex AzuriteListening();

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex S3rverListening();
}
