using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Mirroring;

namespace RunnerHarness.ObjectStorage.Tests.Mirroring;

public sealed class StoreMirrorFolderTests
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public void One_store_at_one_service_has_one_mirror_folder_under_the_configured_root()
    {
        var environment = Azurite(10000);
        var location = StoreLocation.Parse("az://evals/studies/workflowbench");

        var first = StoreMirrorFolder.Of(location, environment, "/var/cache/rh");
        var again = StoreMirrorFolder.Of(StoreLocation.Parse("az://evals/studies/workflowbench/"), environment, "/var/cache/rh");

        Assert.Equal(first, again);
        Assert.Equal("/var/cache/rh", Path.GetDirectoryName(first));
        Assert.StartsWith("evals-", Path.GetFileName(first), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_services_or_two_prefixes_never_share_a_mirror_folder()
    {
        var location = StoreLocation.Parse("az://evals/studies/workflowbench");

        var folders = new[]
        {
            StoreMirrorFolder.Of(location, Azurite(10000), "/var/cache/rh"),
            StoreMirrorFolder.Of(location, Azurite(10001), "/var/cache/rh"),
            StoreMirrorFolder.Of(StoreLocation.Parse("az://evals/studies/other"), Azurite(10000), "/var/cache/rh"),
            StoreMirrorFolder.Of(StoreLocation.Parse("s3://evals/studies/workflowbench"), S3("http://127.0.0.1:4568"), "/var/cache/rh"),
            StoreMirrorFolder.Of(StoreLocation.Parse("s3://evals/studies/workflowbench"), S3("http://127.0.0.1:4569"), "/var/cache/rh"),
        };

        Assert.Equal(folders.Length, folders.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_root_comes_from_the_variable_when_none_is_configured()
    {
        var environment = StoreEnvironment.Of(new Dictionary<string, string>
        {
            ["AZURE_STORAGE_CONNECTION_STRING"] = ConnectionString(10000),
            [StoreMirrorFolder.RootVariable] = "/srv/ci-mirrors",
        });

        var folder = StoreMirrorFolder.Of(StoreLocation.Parse("az://evals/x"), environment);

        Assert.Equal("/srv/ci-mirrors", Path.GetDirectoryName(folder));
    }

    [Fact]
    public void The_service_named_for_a_mirror_carries_no_credential()
    {
        var sas = "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;SharedAccessSignature=sv=2024-11-04&ss=b&srt=co&sp=rwl&se=2027-01-01&sig=c2VjcmV0U2lnbmF0dXJl";
        var environment = StoreEnvironment.Of(new Dictionary<string, string> { ["AZURE_STORAGE_CONNECTION_STRING"] = sas });

        var service = Objects.ObjectStoreConnector.ServiceOf(StoreLocation.Parse("az://evals/x"), environment);

        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1", service.TrimEnd('/'));
        Assert.DoesNotContain("sig=", Objects.ObjectStoreConnector.ServiceOf(StoreLocation.Parse("az://evals/x"), Azurite(10000)) + service, StringComparison.Ordinal);
        Assert.DoesNotContain(AccountKey, Objects.ObjectStoreConnector.ServiceOf(StoreLocation.Parse("az://evals/x"), Azurite(10000)), StringComparison.Ordinal);
    }

    private static StoreEnvironment Azurite(int port) =>
        StoreEnvironment.Of(new Dictionary<string, string> { ["AZURE_STORAGE_CONNECTION_STRING"] = ConnectionString(port) });

    private static string ConnectionString(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    private static StoreEnvironment S3(string endpoint) => StoreEnvironment.Of(new Dictionary<string, string>
    {
        ["AWS_ENDPOINT_URL_S3"] = endpoint,
        ["AWS_ACCESS_KEY_ID"] = "S3RVER",
        ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
    });
}
