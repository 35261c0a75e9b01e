using Microsoft.Extensions.AI;
using RunnerHarness.Models.Pipeline;
using RunnerHarness.Models.Tests.Server;
using RunnerHarness.Models.Usage;
using RunnerHarness.Schema;
using Xunit.Abstractions;

namespace RunnerHarness.Models.Tests.Pipeline;

/// <summary>A key the provider rejects (401/403) is set aside for the run; counted at a real local server.</summary>
public sealed class KeyHealthTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> ThreeKeys = new()
    {
        ["DEEPSEEK_KEY_1"] = "sk-ds1-0c8e4b7a2f9d4e61b5a3",
        ["DEEPSEEK_KEY_2"] = "sk-ds2-7e1f3a9c5b2d4c08a6e4",
        ["DEEPSEEK_KEY_3"] = "sk-ds3-4a6d2c8e0b1f49d7c3a5",
    };

    private static ServerReply Unauthorized(ServerRequest request) =>
        new(401, $$$"""{"error":{"message":"Incorrect API key provided: {{{request.Authorization}}}. The key was revoked.","type":"invalid_request_error","code":"invalid_api_key"}}""");

    [Fact]
    public async Task Send_RevokedKeyInPoolOfThree_ReceivesAtMostItsFirstInFlightRequestsAndNoSampleFails()
    {
        const int samples = 30;
        const int maxConcurrency = 3;
        var revoked = ThreeKeys["DEEPSEEK_KEY_2"];
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.Reply = r => r.Authorization == revoked ? Unauthorized(r) : ServerReply.Completion;
        var notices = new NoticeLog();
        using var runtime = ServedRuntime.Create(server, $"\"max_concurrency\": {maxConcurrency}", keys: ThreeKeys, notices: notices.Add);
        var client = runtime.GetClient(ServedRuntime.Model);

        var usages = Enumerable.Range(0, samples).Select(_ => new SampleUsage()).ToList();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, samples).Select(async i =>
        {
            using var scope = SampleScope.Enter(Samples.Of(i), usages[i]);
            try
            {
                await client.GetResponseAsync($"Sample {i}: call the weather API for Lisbon and summarise it.");
                return null;
            }
            catch (ModelProviderException ex)
            {
                return ex.Message;
            }
        }));

        var failures = outcomes.Where(o => o is not null).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} of {samples} samples failed, e.g. {failures.FirstOrDefault()}");
        Assert.All(usages, u => Assert.Null(u.InfrastructureFailure));
        var toRevoked = server.Requests.Count(r => r.Authorization == revoked);
        output.WriteLine($"{samples} samples, max_concurrency {maxConcurrency}: the revoked key received {toRevoked} request(s), the other two {server.Requests.Count - toRevoked}; {failures.Count} samples failed");
        Assert.InRange(toRevoked, 1, maxConcurrency);
        Assert.Equal(samples, server.Requests.Count(r => r.Authorization != revoked));

        var named = notices.Lines.Where(l => l.Contains("DEEPSEEK_KEY_2", StringComparison.Ordinal)).ToList();
        Assert.Single(named);
        Assert.Contains("HTTP 401", named[0], StringComparison.Ordinal);
        Assert.All(notices.Lines, l => Assert.All(ThreeKeys.Values, key => Assert.DoesNotContain(key, l, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Send_KeylessProviderAnswering401_FailsOnceWithoutRetryingOrSettingAnythingAside()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.Reply = r => Unauthorized(r);
        var notices = new NoticeLog();
        using var runtime = ServedRuntime.Create(server, notices: notices.Add);

        var error = await Assert.ThrowsAsync<ModelProviderException>(() => runtime.GetClient(ServedRuntime.Model).GetResponseAsync("Read orders.csv."));

        Assert.Contains("HTTP 401, which is not retried", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
        Assert.Empty(notices.Lines);
    }

    [Fact]
    public async Task Send_EveryKeyRejected_FailsAsProviderErrorNamingTheVariablesAndSendsNothingMore()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.Reply = r => r.Authorization == ThreeKeys["DEEPSEEK_KEY_3"] ? new ServerReply(403, """{"error":{"message":"Project access denied.","type":"permission_error"}}""") : Unauthorized(r);
        var notices = new NoticeLog();
        using var runtime = ServedRuntime.Create(server, keys: ThreeKeys, notices: notices.Add);
        var client = runtime.GetClient(ServedRuntime.Model);
        var usage = new SampleUsage();

        ModelProviderException error;
        using (SampleScope.Enter(Samples.Of(0), usage))
        {
            error = await Assert.ThrowsAsync<ModelProviderException>(() => client.GetResponseAsync("Validate the schema of orders.csv."));
        }

        Assert.Equal(ErrorCategory.ProviderError, error.Category);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(3, server.Requests.Select(r => r.Authorization).Distinct().Count());
        Assert.Contains("all keys were rejected", error.Message, StringComparison.Ordinal);
        Assert.Contains("DEEPSEEK_KEY_1, DEEPSEEK_KEY_2, DEEPSEEK_KEY_3", error.Message, StringComparison.Ordinal);
        Assert.Equal((ErrorCategory.ProviderError, error.Message), usage.InfrastructureFailure);
        Assert.Equal(3, notices.Lines.Count);
        Assert.All(ThreeKeys.Values, key => Assert.DoesNotContain(key, error.ToString() + string.Join('\n', notices.Lines), StringComparison.Ordinal));

        // The pool is empty for the rest of the run: the next sample fails at once, without a request.
        var again = await Assert.ThrowsAsync<ModelProviderException>(() => client.GetResponseAsync("Transform the orders."));
        Assert.Contains("all keys were rejected", again.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(3, notices.Lines.Count);
    }
}
