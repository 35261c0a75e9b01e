using Microsoft.Extensions.AI;
using RunnerHarness.Models.Cache;
using RunnerHarness.Models.Pipeline;
using RunnerHarness.Models.Tests.Server;
using RunnerHarness.Models.Usage;
using RunnerHarness.Tests;

namespace RunnerHarness.Models.Tests.Cache;

public sealed class ResponseCacheTests
{
    private const string Prompt = "Which tools does the multi-stage pipeline need, in order?";

    [Fact]
    public async Task Get_SameSampleAgain_ServedFromCacheWithoutARequest()
    {
        using var cache = new TemporaryDirectory();
        await using var server = await OpenAICompatibleServer.StartAsync();
        var first = await CallAsync(server, cache.Path, ResponseCacheMode.ReadWrite, sampleIndex: 0);
        var repeat = new SampleUsage();

        var again = await CallAsync(server, cache.Path, ResponseCacheMode.ReadWrite, sampleIndex: 0, repeat);

        Assert.Single(server.Requests);
        Assert.Equal(first.Text, again.Text);
        Assert.Equal(1, repeat.CacheHits);
        Assert.Equal(0, repeat.Requests);
        Assert.Equal(first.Usage!.InputTokenCount, repeat.InputTokens);
    }

    [Fact]
    public async Task Write_AnAnswer_IsOneFileNamedByA64HexKeyUnderIts2HexFolderInUtf8WithoutAByteOrderMark()
    {
        using var cache = new TemporaryDirectory();
        await using var server = await OpenAICompatibleServer.StartAsync();
        await CallAsync(server, cache.Path, ResponseCacheMode.ReadWrite, sampleIndex: 0);

        var file = Assert.Single(Directory.GetFiles(cache.Path, "*", SearchOption.AllDirectories));
        var name = Path.GetFileNameWithoutExtension(file);
        Assert.Matches("^[0-9a-f]{64}$", name);
        Assert.Equal(name[..2], Path.GetFileName(Path.GetDirectoryName(file)));
        Assert.Equal(".json", Path.GetExtension(file));
        var bytes = File.ReadAllBytes(file);
        Assert.Equal((byte)'{', bytes[0]);
    }

    [Fact]
    public async Task Get_SameMessagesForAnotherSample_IsNotServedTheFirstSamplesAnswer()
    {
        using var cache = new TemporaryDirectory();
        await using var server = await OpenAICompatibleServer.StartAsync();
        var sample0 = await CallAsync(server, cache.Path, ResponseCacheMode.ReadWrite, sampleIndex: 0);

        var sample1 = await CallAsync(server, cache.Path, ResponseCacheMode.ReadWrite, sampleIndex: 1);

        Assert.Equal(2, server.Requests.Count);
        Assert.NotEqual(sample0.Text, sample1.Text);
    }

    [Fact]
    public async Task Get_SameCallTwiceInOneSample_SendsBothAndARerunReplaysBothInOrder()
    {
        using var cache = new TemporaryDirectory();
        await using var server = await OpenAICompatibleServer.StartAsync();
        using var runtime = ServedRuntime.Create(server, cacheMode: ResponseCacheMode.ReadWrite, cacheDirectory: cache.Path);
        var client = runtime.GetClient(ServedRuntime.Model);

        async Task<string[]> PlayAsync()
        {
            using var scope = SampleScope.Enter(Samples.Of(0), new SampleUsage());
            return [(await client.GetResponseAsync(Prompt)).Text, (await client.GetResponseAsync(Prompt)).Text];
        }

        var firstRun = await PlayAsync();
        var rerun = await PlayAsync();

        Assert.Equal(2, server.Requests.Count);
        Assert.NotEqual(firstRun[0], firstRun[1]);
        Assert.Equal(firstRun, rerun);
    }

    [Fact]
    public async Task Get_ProviderFailed_NothingIsCachedAndTheNextRunAsksAgain()
    {
        using var cache = new TemporaryDirectory();
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.Reply = r => r.Number == 1 ? new ServerReply(400, """{"error":{"message":"context length exceeded","type":"invalid_request_error"}}""") : ServerReply.Completion;

        await Assert.ThrowsAsync<ModelProviderException>(() => CallAsync(server, cache.Path, ResponseCacheMode.ReadWrite, sampleIndex: 0));
        var retried = await CallAsync(server, cache.Path, ResponseCacheMode.ReadWrite, sampleIndex: 0);

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal($"answer 2 to: {Prompt}", retried.Text);
    }

    [Fact]
    public async Task Get_ReadOnlyMiss_AsksTheProviderAndStoresNothing()
    {
        using var cache = new TemporaryDirectory();
        await using var server = await OpenAICompatibleServer.StartAsync();

        await CallAsync(server, cache.Path, ResponseCacheMode.ReadOnly, sampleIndex: 0);
        await CallAsync(server, cache.Path, ResponseCacheMode.ReadOnly, sampleIndex: 0);

        Assert.Equal(2, server.Requests.Count);
        Assert.Empty(Directory.EnumerateFiles(cache.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Get_OfflineHit_ServedAndOfflineMiss_FailsNamingTheCacheWithoutARequest()
    {
        using var cache = new TemporaryDirectory();
        await using var server = await OpenAICompatibleServer.StartAsync();
        var filled = await CallAsync(server, cache.Path, ResponseCacheMode.ReadWrite, sampleIndex: 0);
        var usage = new SampleUsage();

        var hit = await CallAsync(server, cache.Path, ResponseCacheMode.Offline, sampleIndex: 0);
        var miss = await Assert.ThrowsAsync<ResponseCacheMissException>(() => CallAsync(server, cache.Path, ResponseCacheMode.Offline, sampleIndex: 1, usage));

        Assert.Equal(filled.Text, hit.Text);
        Assert.Single(server.Requests);
        Assert.Contains("the response cache is offline", miss.Message, StringComparison.Ordinal);
        Assert.Contains(cache.Path, miss.Message, StringComparison.Ordinal);
        Assert.Contains("#1", miss.Message, StringComparison.Ordinal);
        Assert.Equal(Schema.ErrorCategory.HarnessError, usage.InfrastructureFailure?.Category);
    }

    [Fact]
    public async Task Write_WithKeys_NoKeyInAnyCacheFile()
    {
        using var cache = new TemporaryDirectory();
        await using var server = await OpenAICompatibleServer.StartAsync();
        var keys = new Dictionary<string, string> { ["LOCAL_KEY"] = "sk-proj-7c2f0a9d41e84b6f9d3a1c5e" };
        using (var runtime = ServedRuntime.Create(server, keys: keys, cacheMode: ResponseCacheMode.ReadWrite, cacheDirectory: cache.Path))
        using (SampleScope.Enter(Samples.Of(0), new SampleUsage()))
        {
            await runtime.GetClient(ServedRuntime.Model).GetResponseAsync(Prompt);
        }

        var files = Directory.EnumerateFiles(cache.Path, "*", SearchOption.AllDirectories).ToList();
        Assert.Single(files);
        Assert.Equal(keys["LOCAL_KEY"], server.Requests.Single().Authorization);
        Assert.DoesNotContain(keys["LOCAL_KEY"], await File.ReadAllTextAsync(files[0]), StringComparison.Ordinal);
        Assert.DoesNotContain("LOCAL_KEY", await File.ReadAllTextAsync(files[0]), StringComparison.Ordinal);
    }

    private static async Task<ChatResponse> CallAsync(OpenAICompatibleServer server, string cacheDirectory, ResponseCacheMode mode, int sampleIndex, SampleUsage? usage = null)
    {
        using var runtime = ServedRuntime.Create(server, cacheMode: mode, cacheDirectory: cacheDirectory);
        using var scope = SampleScope.Enter(Samples.Of(sampleIndex), usage ?? new SampleUsage());
        return await runtime.GetClient(ServedRuntime.Model).GetResponseAsync(Prompt);
    }
}
