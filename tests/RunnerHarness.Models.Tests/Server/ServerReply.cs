namespace RunnerHarness.Models.Tests.Server;

/// <summary>What the local server answers to one request.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The JSON body, or <see langword="null"/> for the default chat completion.</param>
/// <param name="Headers">Extra response headers, e.g. <c>Retry-After</c>.</param>
internal sealed record ServerReply(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>The default answer: a chat completion built from the request.</summary>
    public static ServerReply Completion { get; } = new(200);

    /// <summary>A 429 with <c>Retry-After</c> in whole seconds.</summary>
    public static ServerReply RateLimited(int retryAfterSeconds) => new(
        429,
        """{"error":{"message":"Rate limit reached for requests","type":"requests","code":"rate_limit_exceeded"}}""",
        new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    /// <summary>A 500 the way an overloaded inference server answers.</summary>
    public static ServerReply ServerError { get; } = new(500, """{"error":{"message":"The server had an error while processing your request.","type":"server_error"}}""");
}
