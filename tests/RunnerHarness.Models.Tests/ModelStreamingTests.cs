using Microsoft.Extensions.AI;
using RunnerHarness.Models.Cache;
using RunnerHarness.Models.Configuration;
using RunnerHarness.Models.Pipeline;
using RunnerHarness.Models.Tests.Server;
using RunnerHarness.Models.Usage;
using RunnerHarness.Schema;
using RunnerHarness.Tests;

namespace RunnerHarness.Models.Tests;

/// <summary>
/// <c>GetStreamingResponseAsync</c> on a client of <see cref="ModelClients"/> against the local server: a real
/// streaming request whose updates reach the caller as the server sends them, measured, cached once complete and
/// held to the provider's limits for the stream's life. The server's gates are opened by the test, never by a delay.
/// </summary>
public sealed class ModelStreamingTests
{
    private const string Question = "List the stages of the ingestion pipeline in order.";

    [Fact]
    public async Task Stream_LocalServer_SendsAStreamingRequestAndHandsTheFirstUpdateOverBeforeTheLastChunk()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        var firstChunk = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lastChunk = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.BeforeFirstChunk = firstChunk.Task;
        server.BeforeLastChunk = lastChunk.Task;
        var clock = new SteppedClock();
        using var runtime = ServedRuntime.Create(server, time: clock);
        var usage = new SampleUsage();
        using var scope = SampleScope.Enter(Samples.Of(0), usage);

        await using var updates = runtime.GetClient(ServedRuntime.Model).GetStreamingResponseAsync(Question).GetAsyncEnumerator();
        var first = updates.MoveNextAsync().AsTask();
        await Task.WhenAny(server.StreamWaitingForFirstChunk, first);
        Assert.True(Assert.Single(server.Requests).Stream, "the request did not ask for a stream (\"stream\": true)");
        clock.Advance(TimeSpan.FromMilliseconds(250));
        firstChunk.SetResult();

        Assert.True(await first);
        Assert.Equal("answer", updates.Current.Text);
        Assert.Equal(0, server.StreamsFinished);

        clock.Advance(TimeSpan.FromMilliseconds(500));
        lastChunk.SetResult();
        List<ChatResponseUpdate> all = [updates.Current];
        while (await updates.MoveNextAsync())
        {
            all.Add(updates.Current);
        }

        var response = all.ToChatResponse();
        Assert.Equal($"answer 1 to: {Question}", response.Text);
        Assert.Equal(1, server.StreamsFinished);
        Assert.Equal(12, usage.OutputTokens);
        Assert.Equal(1, usage.Calls);
        Assert.Equal(1, usage.Requests);
        Assert.Equal(250, usage.Metrics[SampleUsage.TimeToFirstTokenMetric]);
        Assert.Equal(24, usage.Metrics[SampleUsage.OutputTokensPerSecondMetric]);
    }

    [Fact]
    public async Task Stream_AnsweredOnce_IsCachedWholeAndReplaysAsUpdatesWithoutARequest()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        using var cache = new TemporaryDirectory();
        using var runtime = ServedRuntime.Create(server, cacheMode: ResponseCacheMode.ReadWrite, cacheDirectory: cache.Path);
        var client = runtime.GetClient(ServedRuntime.Model);
        var firstUsage = new SampleUsage();
        var replayUsage = new SampleUsage();

        ChatResponse streamed;
        using (SampleScope.Enter(Samples.Of(3), firstUsage))
        {
            streamed = await client.GetStreamingResponseAsync(Question).ToChatResponseAsync();
        }

        List<ChatResponseUpdate> replayed;
        using (SampleScope.Enter(Samples.Of(3), replayUsage))
        {
            replayed = await client.GetStreamingResponseAsync(Question).ToListAsync();
        }

        Assert.Single(server.Requests);
        Assert.Single(Directory.GetFiles(cache.Path, "*.json", SearchOption.AllDirectories));
        Assert.NotEmpty(replayed);
        Assert.Equal(streamed.Text, replayed.ToChatResponse().Text);
        Assert.Equal(1, replayUsage.CacheHits);
        Assert.Equal(0, replayUsage.Requests);
        Assert.Equal(12, replayUsage.OutputTokens);
        Assert.False(replayUsage.Metrics.ContainsKey(SampleUsage.TimeToFirstTokenMetric), "a replayed answer has no time to first token of its own");
        Assert.True(firstUsage.Metrics.ContainsKey(SampleUsage.TimeToFirstTokenMetric));
    }

    [Fact]
    public async Task Stream_AbandonedBeforeItsEnd_IsNotCachedAndGivesItsPermitBack()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        using var cache = new TemporaryDirectory();
        using var runtime = ServedRuntime.Create(server, "\"max_concurrency\": 1", cacheMode: ResponseCacheMode.ReadWrite, cacheDirectory: cache.Path);
        var client = runtime.GetClient(ServedRuntime.Model);

        using (SampleScope.Enter(Samples.Of(4), new SampleUsage()))
        {
            await foreach (var update in client.GetStreamingResponseAsync(Question))
            {
                Assert.Equal("answer", update.Text);
                break;
            }
        }

        Assert.Empty(Directory.GetFiles(cache.Path, "*", SearchOption.AllDirectories));
        using (SampleScope.Enter(Samples.Of(5), new SampleUsage()))
        {
            // With the only permit still held this call would wait forever; the deadline only stops a broken test.
            var next = await client.GetResponseAsync("Which stage validates the schema?").WaitAsync(TimeSpan.FromSeconds(30));
            Assert.StartsWith("answer 2 to: ", next.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Stream_WithMaxConcurrency1_HoldsItsPermitUntilTheStreamEnds()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        var lastChunk = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.BeforeLastChunk = lastChunk.Task;
        using var runtime = ServedRuntime.Create(server, "\"max_concurrency\": 1");
        var client = runtime.GetClient(ServedRuntime.Model);
        var pipeline = runtime.PipelineOf("local");

        await using var first = client.GetStreamingResponseAsync(Question).GetAsyncEnumerator();
        Assert.True(await first.MoveNextAsync());
        var second = client.GetResponseAsync("Which stage validates the schema?");
        await WaitUntilAsync(() => pipeline.WaitingForConcurrency == 1);

        Assert.Single(server.Requests);
        lastChunk.SetResult();
        while (await first.MoveNextAsync())
        {
        }

        await second;
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(1, server.MaxInFlight);
    }

    [Fact]
    public async Task Stream_BrokenAfterTheFirstUpdate_FailsAsProviderErrorWithoutARetry()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.BreakStreamAfterFirstChunk = true;
        using var runtime = ServedRuntime.Create(server, "\"max_retries\": 3");
        var client = runtime.GetClient(ServedRuntime.Model);
        var usage = new SampleUsage();
        List<string> received = [];

        ModelProviderException error;
        using (SampleScope.Enter(Samples.Of(5), usage))
        {
            error = await Assert.ThrowsAsync<ModelProviderException>(async () =>
            {
                await foreach (var update in client.GetStreamingResponseAsync(Question))
                {
                    received.Add(update.Text);
                }
            });
        }

        Assert.Equal(["answer"], received);
        Assert.Single(server.Requests);
        Assert.Equal(ErrorCategory.ProviderError, error.Category);
        Assert.Contains("after its first update", error.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.ProviderError, usage.InfrastructureFailure?.Category);
    }

    [Fact]
    public async Task Stream_ServerErrorBeforeTheFirstUpdate_IsRetried()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.Reply = r => r.Number == 1 ? ServerReply.ServerError : ServerReply.Completion;
        using var runtime = ServedRuntime.Create(server, "\"max_retries\": 2");
        var usage = new SampleUsage();

        ChatResponse response;
        using (SampleScope.Enter(Samples.Of(6), usage))
        {
            response = await runtime.GetClient(ServedRuntime.Model).GetStreamingResponseAsync(Question).ToChatResponseAsync();
        }

        Assert.Equal($"answer 2 to: {Question}", response.Text);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(1, usage.Retries);
        Assert.Null(usage.InfrastructureFailure);
    }

    [Fact]
    public async Task Stream_SimulatedModel_StreamsWordByWordAndRecordsTimeToFirstToken()
    {
        var clock = new SteppedClock();
        using var runtime = ModelRuntime.Create(new ModelRunSettings(ModelsConfiguration.BuiltInSimulation, ResponseCacheMode.Off, "/nonexistent/cache"), time: clock);
        var usage = new SampleUsage();
        List<ChatResponseUpdate> updates;
        ChatResponse whole;
        using (SampleScope.Enter(Samples.Of(7) with { Model = "sim-small" }, new SampleUsage()))
        {
            whole = await runtime.GetClient("sim-small").GetResponseAsync(Question);
        }

        using (SampleScope.Enter(Samples.Of(7) with { Model = "sim-small" }, usage))
        {
            updates = await runtime.GetClient("sim-small").GetStreamingResponseAsync(Question).ToListAsync();
        }

        Assert.Equal(whole.Text, updates.ToChatResponse().Text);
        Assert.Equal(whole.Text.Split(' ').Length, updates.Count(u => u.Text.Length > 0));
        Assert.Equal(whole.Usage!.OutputTokenCount, usage.OutputTokens);
        Assert.Equal(0, usage.Metrics[SampleUsage.TimeToFirstTokenMetric]);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        // A condition on the pipeline's own state, not a guess at timing: the deadline only stops a broken test.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Yield();
            deadline.Token.ThrowIfCancellationRequested();
        }
    }
}
