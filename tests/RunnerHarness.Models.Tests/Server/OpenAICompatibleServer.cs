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
/// </summary>
internal sealed class OpenAICompatibleServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<ServerRequest> _requests = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<ServerRequest>> _arrivals = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<TimeSpan>> _closed = new();
    private readonly Lock _gate = new();
    private int _count;
    private int _inFlight;
    private int _maxInFlight;
    private int _completed;
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

    /// <summary>When set, a request offering tools whose last message is not a tool result gets a call of the first tool.</summary>
    public bool CallToolsWhenOffered { get; set; }

    /// <summary>The model the answers name, as a provider resolving an alias names a dated version; default: the model asked for.</summary>
    public string? AnsweringModel { get; set; }

    /// <summary>The server's clock now, the clock of <see cref="ServerRequest.ArrivedAt"/>: a test's reference point.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>The requests received, in arrival order.</summary>
    public IReadOnlyList<ServerRequest> Requests => [.. _requests.OrderBy(r => r.Number)];

    /// <summary>The most requests that were in flight at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Completes when request <paramref name="number"/> (from 1) has arrived: a barrier for tests, no timing.</summary>
    public Task<ServerRequest> Arrival(int number) => _arrivals.GetOrAdd(number, static _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Completes, with the server's time, when the server saw the client close the connection of held request <paramref name="number"/>.</summary>
    public Task<TimeSpan> ConnectionClosed(int number) => _closed.GetOrAdd(number, static _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

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
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new OpenAICompatibleServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        app.MapPost("/openai/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUrl = new Uri($"{address}/v1");
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
        await _app.StopAsync();
        await _app.DisposeAsync();
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

        // Out of flight before the answer is written: the client can only send its next request after reading this
        // one's answer, so the server never counts a request the client no longer holds a permit for.
        lock (_gate)
        {
            _inFlight--;
            _completed++;
        }

        var reply = Reply(request);
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
            : new Dictionary<string, object?> { ["role"] = "assistant", ["content"] = string.Create(CultureInfo.InvariantCulture, $"answer {request.Number} to: {request.LastMessage}") };
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
            ["usage"] = new Dictionary<string, object?> { ["prompt_tokens"] = 40 + request.LastMessage.Length, ["completion_tokens"] = 12, ["total_tokens"] = 52 + request.LastMessage.Length },
        };
        return JsonSerializer.Serialize(completion);
    }
}
