using System.Text.Json;

namespace RunnerHarness.Models.Tests.Server;

/// <summary>One request the local server received.</summary>
/// <param name="Number">Its number, from 1, in arrival order.</param>
/// <param name="ArrivedAt">When it arrived, on the server's clock (since the server started).</param>
/// <param name="Authorization">The bearer token sent, or <see langword="null"/>.</param>
/// <param name="Body">The request body.</param>
internal sealed record ServerRequest(int Number, TimeSpan ArrivedAt, string? Authorization, JsonElement Body)
{
    /// <summary>The model id asked for.</summary>
    public string Model => Body.GetProperty("model").GetString()!;

    /// <summary>The text of the last message.</summary>
    public string LastMessage => Body.GetProperty("messages").EnumerateArray().Last().GetProperty("content") is { ValueKind: JsonValueKind.String } content
        ? content.GetString()!
        : "";

    /// <summary>Whether the client asked for a streamed answer (<c>"stream": true</c>).</summary>
    public bool Stream => Body.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True;

    /// <summary>The names of the tools offered.</summary>
    public IReadOnlyList<string> Tools => Body.TryGetProperty("tools", out var tools)
        ? [.. tools.EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()!)]
        : [];
}
