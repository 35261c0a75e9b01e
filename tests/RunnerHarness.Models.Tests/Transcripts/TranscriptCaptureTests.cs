using Microsoft.Extensions.AI;
using RunnerHarness.Models.Tests.Server;
using RunnerHarness.Models.Transcripts;
using RunnerHarness.Models.Usage;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Models.Tests.Transcripts;

/// <summary>
/// The transcript layer of a model's client, through a real OpenAI-compatible server on 127.0.0.1: an agent loop's
/// conversation is kept without test code (each message once, tool calls with ids and arguments, tool results with the
/// ids they answer), judge calls are marked, streamed calls are kept as received, and users' own layers wrap it.
/// </summary>
public sealed class TranscriptCaptureTests
{
    private static readonly AIFunction ReadCsv = AIFunctionFactory.Create((string path) => $"3 rows read from {path}", "read_csv", "Reads a CSV file.");

    [Fact]
    public async Task GetResponse_AgentLoopWithATool_KeepsTheConversationOnceWithCallIds()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        server.CallToolsWhenOffered = true;
        using var runtime = ServedRuntime.Create(server);
        var transcript = new SampleTranscript();
        var options = new ChatOptions { Tools = [ReadCsv] };
        List<ChatMessage> messages = [new(ChatRole.System, "You are a data analyst."), new(ChatRole.User, "Load /data/orders.csv and count the orders.")];

        using (SampleScope.Enter(Samples.Of(0), new SampleUsage(), transcript))
        {
            var client = runtime.GetClient(ServedRuntime.Model);
            var first = await client.GetResponseAsync(messages, options);
            var call = first.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Single();
            messages.AddRange(first.Messages);
            messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "3 rows read from /data/orders.csv")]));
            await client.GetResponseAsync(messages, options);
        }

        var kept = transcript.Messages;
        Assert.Equal(["system", "user", "assistant", "tool", "assistant"], kept.Select(m => m.Role));
        var toolCall = Assert.Single(kept[2].ToolCalls);
        Assert.Equal("call_1", toolCall.Id);
        Assert.Equal("read_csv", toolCall.Name);
        using (var arguments = System.Text.Json.JsonDocument.Parse(toolCall.Arguments))
        {
            Assert.Equal("/data/orders.csv", arguments.RootElement.GetProperty("path").GetString());
        }

        Assert.Null(kept[2].Content);
        Assert.Equal("call_1", kept[3].ToolCallId);
        Assert.Equal("3 rows read from /data/orders.csv", kept[3].Content);
        Assert.StartsWith("answer 2 to: ", kept[4].Content, StringComparison.Ordinal);
        Assert.All(kept, m => Assert.Equal((TranscriptKinds.Model, ServedRuntime.Model), (m.Kind, m.Model)));
    }

    [Fact]
    public async Task GetResponse_InsideAJudgeScope_KeepsTheCallMarkedJudge()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        using var runtime = ServedRuntime.Create(server);
        var transcript = new SampleTranscript();

        using (SampleScope.Enter(Samples.Of(0), new SampleUsage(), transcript))
        {
            var client = runtime.GetClient(ServedRuntime.Model);
            await client.GetResponseAsync("What is 6 x 7?");
            using (TranscriptScope.As(TranscriptKinds.Judge))
            {
                await client.GetResponseAsync("Is '42' a correct answer to 'What is 6 x 7?'? Answer yes or no.");
            }
        }

        Assert.Equal([TranscriptKinds.Model, TranscriptKinds.Model, TranscriptKinds.Judge, TranscriptKinds.Judge], transcript.Messages.Select(m => m.Kind));
        Assert.Throws<ArgumentException>(() => TranscriptScope.As("grader"));
    }

    [Fact]
    public async Task GetStreamingResponse_KeepsTheAnswerAsReceived()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        using var runtime = ServedRuntime.Create(server);
        var transcript = new SampleTranscript();
        var text = "";

        using (SampleScope.Enter(Samples.Of(0), new SampleUsage(), transcript))
        {
            await foreach (var update in runtime.GetClient(ServedRuntime.Model).GetStreamingResponseAsync("Summarise the quarterly orders report."))
            {
                text += update.Text;
            }
        }

        Assert.Equal(["user", "assistant"], transcript.Messages.Select(m => m.Role));
        Assert.Equal(text, transcript.Messages[1].Content);
        Assert.NotEmpty(text);
    }

    [Fact]
    public async Task GetResponse_OutsideASample_KeepsNothingAndAnswers()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        using var runtime = ServedRuntime.Create(server);

        var response = await runtime.GetClient(ServedRuntime.Model).GetResponseAsync("Ping.");

        Assert.Null(SampleScope.Transcript);
        Assert.NotEmpty(response.Text);
    }

    [Fact]
    public async Task Create_WithALayerOfTheUsers_WrapsTheHarnessLayersOfEveryCall()
    {
        await using var server = await OpenAICompatibleServer.StartAsync();
        var seen = new List<(string Model, int KeptBefore)>();
        var transcript = new SampleTranscript();
        using var runtime = ServedRuntime.Create(server, layers: [(inner, model) => new WatchingClient(inner, model, seen, transcript)]);

        using (SampleScope.Enter(Samples.Of(0), new SampleUsage(), transcript))
        {
            await runtime.GetClient(ServedRuntime.Model).GetResponseAsync("Which region sold most in Q3?");
        }

        // The user's layer ran around the call, outside the transcript layer: it saw nothing kept yet, and the call was kept.
        Assert.Equal([(ServedRuntime.Model, 0)], seen);
        Assert.Equal(2, transcript.Messages.Count);
    }

    private sealed class WatchingClient(IChatClient inner, string model, List<(string, int)> seen, SampleTranscript transcript) : DelegatingChatClient(inner)
    {
        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            seen.Add((model, transcript.Messages.Count));
            return base.GetResponseAsync(messages, options, cancellationToken);
        }
    }
}
