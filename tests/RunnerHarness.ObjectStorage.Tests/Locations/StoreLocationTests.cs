using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Objects;
using RunnerHarness.ObjectStorage.Transfer;

namespace RunnerHarness.ObjectStorage.Tests.Locations;

public sealed class StoreLocationTests
{
    [Theory]
    [InlineData("az://evals/studies/workflowbench", "AzureBlob", "evals", "studies/workflowbench", "az://evals/studies/workflowbench")]
    [InlineData("az://evals", "AzureBlob", "evals", "", "az://evals")]
    [InlineData("s3://team-evals.eu/workflowbench/", "S3", "team-evals.eu", "workflowbench", "s3://team-evals.eu/workflowbench")]
    public void A_store_url_gives_its_service_container_and_prefix(string url, string kind, string container, string prefix, string shown)
    {
        var location = StoreLocation.Parse(url);

        Assert.Equal((kind, container, prefix, shown), (location.Kind.ToString(), location.Container, location.Prefix, location.ToString()));
        Assert.Equal(prefix.Length == 0 ? "data/runs/r/x.jsonl" : $"{prefix}/data/runs/r/x.jsonl", location.KeyOf("data/runs/r/x.jsonl"));
        Assert.Equal("data/runs/r/x.jsonl", location.RelativePathOf(location.KeyOf("data/runs/r/x.jsonl")));
    }

    [Theory]
    [InlineData("gs://evals/x", "no known scheme")]
    [InlineData("AZ://evals/x", "no known scheme")]
    [InlineData("az://Evals/x", "container name 'Evals'")]
    [InlineData("az://ev/x", "3 to 63 characters")]
    [InlineData("s3://team_evals/x", "bucket name 'team_evals'")]
    [InlineData("s3://evals/a/../b", "'..'")]
    [InlineData("s3://evals/a//b", "empty")]
    public void A_bad_store_url_is_refused_naming_it_and_what_is_valid(string url, string problem)
    {
        var error = Assert.Throws<StoreLocationException>(() => StoreLocation.Parse(url));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("valid", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("az://evals/x?sv=2024-11-04&sig=c2VjcmV0U2lnbmF0dXJl", "c2VjcmV0U2lnbmF0dXJl")]
    [InlineData("s3://AKIAEXAMPLE:hunter2secret@evals/x", "hunter2secret")]
    public void A_url_carrying_credentials_is_refused_without_repeating_them(string url, string secret)
    {
        var error = Assert.Throws<StoreLocationException>(() => StoreLocation.Parse(url));

        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
        Assert.Contains("environment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_azure_store_without_account_variables_names_both_ways_to_set_one()
    {
        var error = Assert.Throws<StoreLocationException>(() => ObjectStoreConnector.Open(StoreLocation.Parse("az://evals/x"), StoreEnvironment.Of(new Dictionary<string, string>())));

        Assert.Contains("AZURE_STORAGE_CONNECTION_STRING", error.Message, StringComparison.Ordinal);
        Assert.Contains("AZURE_STORAGE_ACCOUNT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_connection_string_is_refused_without_quoting_its_key()
    {
        var environment = StoreEnvironment.Of(new Dictionary<string, string> { ["AZURE_STORAGE_CONNECTION_STRING"] = "AccountName=evals;AccountKey=c3VwZXJzZWNyZXRrZXk=;Nonsense" });

        var error = Assert.Throws<StoreLocationException>(() => ObjectStoreConnector.Open(StoreLocation.Parse("az://evals/x"), environment));

        Assert.Contains("AZURE_STORAGE_CONNECTION_STRING", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c3VwZXJzZWNyZXRrZXk", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY is unset")]
    [InlineData("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMIsecret", "AWS_ACCESS_KEY_ID is unset")]
    public void Half_a_pair_of_aws_keys_is_refused_naming_the_missing_one(string variable, string value, string problem)
    {
        var environment = StoreEnvironment.Of(new Dictionary<string, string> { [variable] = value });

        var error = Assert.Throws<StoreLocationException>(() => ObjectStoreConnector.Open(StoreLocation.Parse("s3://evals/x"), environment));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wJalrXUtnFEMIsecret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1:9000")]
    [InlineData("http://key:secret@127.0.0.1:9000")]
    [InlineData("127.0.0.1:9000")]
    public void An_endpoint_that_is_not_an_http_url_without_credentials_is_refused(string endpoint)
    {
        var environment = StoreEnvironment.Of(new Dictionary<string, string> { ["AWS_ENDPOINT_URL"] = endpoint });

        var error = Assert.Throws<StoreLocationException>(() => ObjectStoreConnector.Open(StoreLocation.Parse("s3://evals/x"), environment));

        Assert.Contains("AWS_ENDPOINT_URL", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data/runs/r/a.jsonl", true)]
    [InlineData("summaries/runs/r/a.summary", true)]
    [InlineData("data/../../etc/passwd", false)]
    [InlineData("data/runs/./a.jsonl", false)]
    [InlineData("data//a.jsonl", false)]
    [InlineData("data/runs\\..\\a.jsonl", false)]
    [InlineData("wal/r/a.jsonl", false)]
    [InlineData("data", false)]
    public void Only_keys_that_name_a_file_inside_a_sealed_folder_are_downloaded(string relative, bool allowed) =>
        Assert.Equal(allowed, SealedFolders.Contains(relative));
}
