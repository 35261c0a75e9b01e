namespace RunnerHarness.Models.Configuration;

/// <summary>The spellings of <see cref="ProviderKind"/> in the models file.</summary>
public static class ProviderKinds
{
    private static readonly (string Name, ProviderKind Kind)[] Names =
    [
        ("openai-compatible", ProviderKind.OpenAICompatible),
        ("openai", ProviderKind.OpenAI),
        ("azure-openai", ProviderKind.AzureOpenAI),
        ("simulated", ProviderKind.Simulated),
    ];

    /// <summary>Every spelling, for error messages.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Names.Select(n => n.Name)];

    /// <summary>The spelling of <paramref name="kind"/>.</summary>
    public static string NameOf(ProviderKind kind) => Names.First(n => n.Kind == kind).Name;

    /// <summary>Parses a spelling (case-insensitive).</summary>
    public static bool TryParse(string? text, out ProviderKind kind)
    {
        foreach (var (name, value) in Names)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                kind = value;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
