namespace RunnerHarness.Models.Pricing;

/// <summary>
/// What one model costs, in US dollars per million tokens, as the models file's <c>prices</c> entry gives it.
/// </summary>
/// <param name="InputPerMillion">The price of a million input tokens the provider did not serve from its prompt cache.</param>
/// <param name="CachedInputPerMillion">
/// The price of a million input tokens served from the provider's prompt cache; the file's default is
/// <paramref name="InputPerMillion"/>, so an answer that reports cached tokens is never priced below what the file says.
/// </param>
/// <param name="OutputPerMillion">The price of a million output tokens.</param>
public sealed record ModelPrices(double InputPerMillion, double CachedInputPerMillion, double OutputPerMillion)
{
    private const double TokensPerMillion = 1_000_000d;

    /// <summary>
    /// The cost in US dollars of one answer that reported <paramref name="inputTokens"/> input tokens, of which
    /// <paramref name="cachedInputTokens"/> came from the provider's prompt cache, and <paramref name="outputTokens"/>
    /// output tokens. Cached tokens beyond the input are counted as input (a provider cannot cache more than it read).
    /// </summary>
    public double CostOf(long inputTokens, long cachedInputTokens, long outputTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(cachedInputTokens);
        ArgumentOutOfRangeException.ThrowIfNegative(outputTokens);
        var cached = Math.Min(cachedInputTokens, inputTokens);
        return (((inputTokens - cached) * InputPerMillion) + (cached * CachedInputPerMillion) + (outputTokens * OutputPerMillion)) / TokensPerMillion;
    }
}
