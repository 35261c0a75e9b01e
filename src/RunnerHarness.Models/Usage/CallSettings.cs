using System.Globalization;
using Microsoft.Extensions.AI;

namespace RunnerHarness.Models.Usage;

/// <summary>
/// What besides the model decides a call's answer: the provider's kind and the sampling options a test passed
/// (temperature, top_p, maximum output tokens, seed). They are recorded in the record's <c>dimensions</c> under
/// <see cref="Names"/>, only those the call set, so two studies that differ in them can be told apart and grouped.
/// </summary>
internal static class CallSettings
{
    /// <summary>The dimension of the provider's kind (<c>openai-compatible</c>, <c>openai</c>, <c>azure-openai</c>, <c>simulated</c>).</summary>
    public const string ProviderKind = "provider_kind";

    /// <summary>The dimension of the sampling temperature.</summary>
    public const string Temperature = "temperature";

    /// <summary>The dimension of nucleus sampling's top_p.</summary>
    public const string TopP = "top_p";

    /// <summary>The dimension of the most output tokens asked for.</summary>
    public const string MaxOutputTokens = "max_output_tokens";

    /// <summary>The dimension of the sampling seed.</summary>
    public const string Seed = "seed";

    /// <summary>Every dimension this type may set, in the order the docs list them.</summary>
    public static IReadOnlyList<string> Names { get; } = [ProviderKind, Temperature, TopP, MaxOutputTokens, Seed];

    /// <summary>The dimensions of one call of a provider of <paramref name="providerKind"/> with <paramref name="options"/>.</summary>
    public static IReadOnlyDictionary<string, string> Of(string providerKind, ChatOptions? options)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal) { [ProviderKind] = providerKind };
        Add(settings, Temperature, options?.Temperature?.ToString("R", CultureInfo.InvariantCulture));
        Add(settings, TopP, options?.TopP?.ToString("R", CultureInfo.InvariantCulture));
        Add(settings, MaxOutputTokens, options?.MaxOutputTokens?.ToString(CultureInfo.InvariantCulture));
        Add(settings, Seed, options?.Seed?.ToString(CultureInfo.InvariantCulture));
        return settings;
    }

    private static void Add(Dictionary<string, string> settings, string name, string? value)
    {
        if (value is not null)
        {
            settings[name] = value;
        }
    }
}
