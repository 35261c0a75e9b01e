using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RunnerHarness.Models.Tests.Server;

/// <summary>
/// A real OpenAI chat-completions server on Kestrel, 127.0.0.1, a free port, in the test process. It records every
/// request (arrival time on its own clock, bearer token, body) and the most requests it ever had in flight, answers from
/// a script (<see cref="Reply"/>) or with a completion that names the request, calls the first offered tool when asked
/// (<see cref="CallToolsWhenOffered"/>), and can hold requests until several are in flight (<see cref="HoldUntilConcurrent"/>).
/// A request with <c>"stream": true</c> is answered as the API streams (<c>text/event-stream</c>, one <c>data:</c> chunk per
/// word, then the finish reason, the usage and <c>[DONE]</c>), with gates a test opens (<see cref="BeforeFirstChunk"/>,
/// <see cref="BeforeLastChunk"/>) and a way to break a stream after its first chunk (<see cref="BreakStreamAfterFirstChunk"/>).
/// </summary>
internal sealed class OpenAICompatibleServer : IAsyncDisposable
{
    private const int MinimumPoolThreads = 64;
    private static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromMilliseconds(10);
    private const string HeartbeatPath = "/heartbeat";
    private const string SentAtHeader = "x-sent-at-ticks";
    private readonly CancellationTokenSource _stopping = new();
    private Task _heartbeat = Task.CompletedTask;
    private TimeSpan _maxStall;
    private readonly WebApplication _app;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<ServerRequest> _requests = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<ServerRequest>> _arrivals = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<TimeSpan>> _closed = new();
    private readonly ConcurrentDictionary<int, TimeSpan> _firstChunks = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _streamWaiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;
    private int _inFlight;
    private int _maxInFlight;
    private int _completed;
    private int _streamsFinished;
    private (int Concurrent, int Total)? _hold;
    private TaskCompletionSource _holdRelease = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OpenAICompatibleServer(WebApplication app) => _app = app;

    /// <summary>The base URL to configure as the provider's endpoint, e.g. <c>http://127.0.0.1:41234/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Decides the answer to each request; default: a completion.</summary>
    public Func<ServerRequest, ServerReply> Reply { get; set; } = _ => ServerReply.Completion;

    /// <summary>
    /// Requests this matches are never answered: the server holds each until the client closes its connection, and
    /// records when it saw that (<see cref="ConnectionClosed"/>). Until then it counts as in flight.
    /// </summary>
    public Func<ServerRequest, bool>? HoldUntilClosed { get; set; }

    /// <summary>A streamed answer waits for this before its first chunk (default: completed, no wait).</summary>
    public Task BeforeFirstChunk { get; set; } = Task.CompletedTask;

    /// <summary>Completes when a streamed answer has reached <see cref="BeforeFirstChunk"/>: its request was received whole.</summary>
    public Task StreamWaitingForFirstChunk => _streamWaiting.Task;

    /// <summary>
    /// The model's time to first token: a streamed answer's first chunk is written no sooner than this after its request
    /// arrived (default: zero). The server's own measure of each gap is <see cref="FirstChunkAfterArrival"/>.
    /// </summary>
    public TimeSpan FirstChunkLatency { get; set; }

    /// <summary>
    /// The model's time to answer: every request is answered no sooner than this after its wave was let through
    /// (<see cref="HoldUntilConcurrent"/>), and counts as in flight until then (default: zero). A client whose limit leaks
    /// sends more meanwhile, when its callers would send one at a time only as their rate allows.
    /// </summary>
    public TimeSpan AnswerLatency { get; set; }

    /// <summary>
    /// Awaited before a request is answered, while it counts as in flight (default: none): a barrier a test builds from
    /// the requests themselves, e.g. "hold the first request of each caller until every caller has sent one".
    /// </summary>
    public Func<ServerRequest, Task>? BeforeAnswer { get; set; }

    /// <summary>A streamed answer waits for this after its first chunk and before its last one (default: completed, no wait).</summary>
    public Task BeforeLastChunk { get; set; } = Task.CompletedTask;

    /// <summary>When set, a streamed answer breaks off right after its first chunk: the next chunk is torn (not JSON) and the stream ends.</summary>
    public bool BreakStreamAfterFirstChunk { get; set; }

    /// <summary>How many streamed answers the server has finished writing (last chunk and <c>[DONE]</c> sent).</summary>
    public int StreamsFinished => Volatile.Read(ref _streamsFinished);

    /// <summary>When set, a request offering tools whose last message is not a tool result gets a call of the first tool.</summary>
    public bool CallToolsWhenOffered { get; set; }

    /// <summary>The text of a completion for a request; default: <c>answer N to: LAST MESSAGE</c>.</summary>
    public Func<ServerRequest, string>? AnswerText { get; set; }

    /// <summary>The model the answers name, as a provider resolving an alias names a dated version; default: the model asked for.</summary>
    public string? AnsweringModel { get; set; }

    /// <summary>The server's clock now, the clock of <see cref="ServerRequest.ArrivedAt"/>: a test's reference point.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>The requests received, in arrival order.</summary>
    public IReadOnlyList<ServerRequest> Requests => [.. _requests.OrderBy(r => r.Number)];

    /// <summary>The most requests that were in flight at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>
    /// How long after streamed request <paramref name="number"/> arrived the server finished writing its first chunk, on
    /// the server's clock, or <see langword="null"/> when it wrote none: a lower bound of the client's time to first token.
    /// </summary>
    public TimeSpan? FirstChunkAfterArrival(int number) => _firstChunks.TryGetValue(number, out var gap) ? gap : null;

    /// <summary>Completes when request <paramref name="number"/> (from 1) has arrived: a barrier for tests, no timing.</summary>
    public Task<ServerRequest> Arrival(int number) => _arrivals.GetOrAdd(number, static _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Completes, with the server's time, when the server saw the client close the connection of held request <paramref name="number"/>.</summary>
    public Task<TimeSpan> ConnectionClosed(int number) => _closed.GetOrAdd(number, static _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>
    /// The longest a request was on its way into this server while it ran: every 10 ms the server sends itself a request
    /// over loopback, stamped when it leaves, and takes how late its handler saw it (and how late the heartbeat itself came).
    /// Under load the way from the socket to the handler (Kestrel's connection thread, then a pool thread) is where a
    /// request waits, and a request that reached the server then is timed that much late, so arrival times are exact only
    /// to within it. A timer alone does not see it: a sleeping timer thread is woken ahead of busy ones.
    /// </summary>
    public TimeSpan MaxStall
    {
        get
        {
            lock (_gate)
            {
                return _maxStall;
            }
        }
    }

    /// <summary>
    /// The longest window in which a limit of "R per second at the client, over a 1.1 s window" must show at most R
    /// arrivals at this server whatever its stalls: one second less <see cref="MaxStall"/> (arrival times are late by
    /// between 0 and a stall, so R + 1 sends at least 1.1 s apart arrive at least 1.1 s less a stall apart). On a quiet
    /// machine it is the full second.
    /// </summary>
    public TimeSpan SecondLessStalls => TimeSpan.FromSeconds(1) - MaxStall;

    /// <summary>
    /// The most requests that arrived within any <paramref name="window"/> (a window starting at each arrival, so every
    /// unaligned window is covered), and the arrival it starts at: what a provider counting requests per window sees.
    /// </summary>
    public (int Count, TimeSpan From) MostArrivalsWithin(TimeSpan window)
    {
        var arrivals = Requests.Select(r => r.ArrivedAt).Order().ToList();
        var most = (Count: 0, From: TimeSpan.Zero);
        for (int first = 0, last = 0; first < arrivals.Count; first++)
        {
            while (last < arrivals.Count && arrivals[last] - arrivals[first] < window)
            {
                last++;
            }

            if (last - first > most.Count)
            {
                most = (last - first, arrivals[first]);
            }
        }

        return most;
    }

    /// <summary>Starts a server.</summary>
    public static async Task<OpenAICompatibleServer> StartAsync()
    {
        // The server shares the test process, whose thread pool other work (an in-process CLI waiting on its shards)
        // can starve: a request then waits for a pool thread, and its arrival time measures this process, not the
        // client. Threads enough for every request in flight keep the arrival times the client's.
        ThreadPool.GetMinThreads(out var workers, out var completion);
        ThreadPool.SetMinThreads(Math.Max(workers, MinimumPoolThreads), Math.Max(completion, MinimumPoolThreads));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new OpenAICompatibleServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        app.MapPost("/openai/v1/chat/completions", server.HandleAsync);
        app.MapGet(HeartbeatPath, server.HandleHeartbeat);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUrl = new Uri($"{address}/v1");
        server._heartbeat = server.BeatAsync();
        return server;
    }

    /// <summary>
    /// Holds each request until <paramref name="concurrent"/> requests are in flight at once (or all of the remaining ones
    /// of <paramref name="total"/> are), then lets that wave through: a limit that leaks shows as more than
    /// <paramref name="concurrent"/> in flight; a limit that holds shows exactly <paramref name="concurrent"/>. Counts, no timing.
    /// </summary>
    public void HoldUntilConcurrent(int concurrent, int total)
    {
        lock (_gate)
        {
            _hold = (concurrent, total);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _heartbeat;
        _stopping.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task BeatAsync()
    {
        using var timer = new PeriodicTimer(HeartbeatPeriod);
        using var client = new HttpClient { BaseAddress = BaseUrl };
        var last = _clock.Elapsed;
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                var now = _clock.Elapsed;
                NoteStall(now - last - HeartbeatPeriod);
                last = now;
                using var beat = new HttpRequestMessage(HttpMethod.Get, HeartbeatPath);
                beat.Headers.Add(SentAtHeader, _clock.Elapsed.Ticks.ToString(CultureInfo.InvariantCulture));
                using var answer = await client.SendAsync(beat, _stopping.Token);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopped with the server.
        }
    }

    // The heartbeat's request: how long it took from leaving the client to this handler.
    private Task HandleHeartbeat(HttpContext context)
    {
        NoteStall(_clock.Elapsed - TimeSpan.FromTicks(long.Parse(context.Request.Headers[SentAtHeader].ToString(), CultureInfo.InvariantCulture)));
        return Task.CompletedTask;
    }

    private void NoteStall(TimeSpan late)
    {
        lock (_gate)
        {
            _maxStall = late > _maxStall ? late : _maxStall;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var arrived = _clock.Elapsed;
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var authorization = context.Request.Headers.Authorization.ToString() is { Length: > 0 } header && header.StartsWith("Bearer ", StringComparison.Ordinal)
            ? header["Bearer ".Length..]
            : context.Request.Headers["api-key"].ToString() is { Length: > 0 } apiKey ? apiKey : null;
        var request = new ServerRequest(Interlocked.Increment(ref _count), arrived, authorization, body.RootElement.Clone());
        _requests.Enqueue(request);
        _arrivals.GetOrAdd(request.Number, static _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(request);
        if (HoldUntilClosed?.Invoke(request) == true)
        {
            await HoldUntilClosedAsync(request, context.RequestAborted);
            return;
        }

        Task wave;
        lock (_gate)
        {
            _inFlight++;
            _maxInFlight = Math.Max(_maxInFlight, _inFlight);
            wave = WaveLocked();
        }

        await wave;
        if (BeforeAnswer is { } beforeAnswer)
        {
            await beforeAnswer(request);
        }

        if (AnswerLatency > TimeSpan.Zero)
        {
            // The provider's latency, not a wait for the test: it keeps the request in flight for the client's next sends.
            await Task.Delay(AnswerLatency);
        }

        var reply = Reply(request);
        if (request.Stream && reply.Status == 200 && reply.Body is null)
        {
            await StreamAsync(context, request);
            return;
        }

        // Out of flight before the answer is written: the client can only send its next request after reading this
        // one's answer, so the server never counts a request the client no longer holds a permit for.
        lock (_gate)
        {
            _inFlight--;
            _completed++;
        }

        context.Response.StatusCode = reply.Status;
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.Body ?? Completion(request));
    }

    private async Task HoldUntilClosedAsync(ServerRequest request, CancellationToken aborted)
    {
        lock (_gate)
        {
            _inFlight++;
            _maxInFlight = Math.Max(_maxInFlight, _inFlight);
        }

        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (aborted.Register(() => closed.TrySetResult()))
        {
            await closed.Task;
        }

        lock (_gate)
        {
            _inFlight--;
        }

        _closed.GetOrAdd(request.Number, static _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(_clock.Elapsed);
    }


    private async Task StreamAsync(HttpContext context, ServerRequest request)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream";
        var words = CompletionText(request).Split(' ');
        _streamWaiting.TrySetResult();
        await BeforeFirstChunk;
        if (FirstChunkLatency > TimeSpan.Zero)
        {
            // The provider's latency, not a wait for the test: the client's clock must show at least this much.
            await Task.Delay(FirstChunkLatency);
        }

        await WriteChunkAsync(context, request, new { role = "assistant", content = words[0] }, finishReason: null);
        _firstChunks[request.Number] = _clock.Elapsed - request.ArrivedAt;
        if (BreakStreamAfterFirstChunk)
        {
            lock (_gate)
            {
                _inFlight--;
                _completed++;
            }

            // A torn chunk, as a proxy that cuts a stream leaves it: the client has read the first chunk whole before it.
            await context.Response.WriteAsync("data: {\"id\":\"chatcmpl-torn\",\"choi\n\n");
            return;
        }

        for (var i = 1; i < words.Length - 1; i++)
        {
            await WriteChunkAsync(context, request, new { content = " " + words[i] }, finishReason: null);
        }

        await BeforeLastChunk;

        // Out of flight before the last chunk, as in HandleAsync: the client's permit lives until it has read it.
        lock (_gate)
        {
            _inFlight--;
            _completed++;
        }

        var last = ChunkJson(request, new { content = " " + words[^1] }, finishReason: null);
        var finish = ChunkJson(request, new { }, finishReason: "stop");
        var usage = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = string.Create(CultureInfo.InvariantCulture, $"chatcmpl-{request.Number}"),
            ["object"] = "chat.completion.chunk",
            ["created"] = 1764300000 + request.Number,
            ["model"] = request.Model,
            ["choices"] = Array.Empty<object>(),
            ["usage"] = Usage(request),
        });
        await context.Response.WriteAsync($"data: {last}\n\ndata: {finish}\n\ndata: {usage}\n\ndata: [DONE]\n\n");
        await context.Response.Body.FlushAsync();
        Interlocked.Increment(ref _streamsFinished);
    }

    private static async Task WriteChunkAsync(HttpContext context, ServerRequest request, object delta, string? finishReason)
    {
        await context.Response.WriteAsync($"data: {ChunkJson(request, delta, finishReason)}\n\n");
        await context.Response.Body.FlushAsync();
    }

    private static string ChunkJson(ServerRequest request, object delta, string? finishReason) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["id"] = string.Create(CultureInfo.InvariantCulture, $"chatcmpl-{request.Number}"),
        ["object"] = "chat.completion.chunk",
        ["created"] = 1764300000 + request.Number,
        ["model"] = request.Model,
        ["choices"] = new object[] { new Dictionary<string, object?> { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason } },
    });

    private static Dictionary<string, object?> Usage(ServerRequest request) =>
        new() { ["prompt_tokens"] = 40 + request.LastMessage.Length, ["completion_tokens"] = 12, ["total_tokens"] = 52 + request.LastMessage.Length };

    private string CompletionText(ServerRequest request) => AnswerText?.Invoke(request) ?? string.Create(CultureInfo.InvariantCulture, $"answer {request.Number} to: {request.LastMessage}");

    private Task WaveLocked()
    {
        if (_hold is not { } hold)
        {
            return Task.CompletedTask;
        }

        var waiting = _inFlight;
        if (waiting >= Math.Min(hold.Concurrent, hold.Total - _completed))
        {
            var release = _holdRelease;
            _holdRelease = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            release.TrySetResult();
            return Task.CompletedTask;
        }

        return _holdRelease.Task;
    }

    private string Completion(ServerRequest request)
    {
        var lastIsToolResult = request.Body.GetProperty("messages").EnumerateArray().Last().GetProperty("role").GetString() == "tool";
        var tools = request.Tools;
        var message = CallToolsWhenOffered && tools.Count > 0 && !lastIsToolResult
            ? new Dictionary<string, object?>
            {
                ["role"] = "assistant",
                ["content"] = null,
                ["tool_calls"] = new object[]
                {
                    new Dictionary<string, object?>
                    {
                        ["id"] = string.Create(CultureInfo.InvariantCulture, $"call_{request.Number}"),
                        ["type"] = "function",
                        ["function"] = new Dictionary<string, object?> { ["name"] = tools[0], ["arguments"] = """{"path":"/data/orders.csv"}""" },
                    },
                },
            }
            : new Dictionary<string, object?> { ["role"] = "assistant", ["content"] = CompletionText(request) };
        var completion = new Dictionary<string, object?>
        {
            ["id"] = string.Create(CultureInfo.InvariantCulture, $"chatcmpl-{request.Number}"),
            ["object"] = "chat.completion",
            ["created"] = 1764300000 + request.Number,
            ["model"] = AnsweringModel ?? request.Model,
            ["choices"] = new object[]
            {
                new Dictionary<string, object?> { ["index"] = 0, ["message"] = message, ["finish_reason"] = message.ContainsKey("tool_calls") ? "tool_calls" : "stop" },
            },
            ["usage"] = Usage(request),
        };
        return JsonSerializer.Serialize(completion);
    }
}
