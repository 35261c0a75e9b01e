namespace RunnerHarness.Models.Cache;

/// <summary>The spellings of <see cref="ResponseCacheMode"/> in settings.</summary>
public static class ResponseCacheModes
{
    private static readonly (string Name, ResponseCacheMode Mode)[] Names =
    [
        ("off", ResponseCacheMode.Off),
        ("read-write", ResponseCacheMode.ReadWrite),
        ("read-only", ResponseCacheMode.ReadOnly),
        ("offline", ResponseCacheMode.Offline),
    ];

    /// <summary>Every spelling, for messages.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Names.Select(n => n.Name)];

    /// <summary>The spelling of <paramref name="mode"/>.</summary>
    public static string NameOf(ResponseCacheMode mode) => Names.First(n => n.Mode == mode).Name;

    /// <summary>Parses a spelling (case-insensitive, surrounding blanks ignored).</summary>
    public static bool TryParse(string? text, out ResponseCacheMode mode)
    {
        foreach (var (name, value) in Names)
        {
            if (string.Equals(name, text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                mode = value;
                return true;
            }
        }

        mode = default;
        return false;
    }
}
