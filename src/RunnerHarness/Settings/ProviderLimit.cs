using System.Globalization;

namespace RunnerHarness.Settings;

/// <summary>
/// How hard the rows of one provider may be driven: at most <paramref name="MaxConcurrentRows"/> rows at once and,
/// when set, at most <paramref name="RowStartsPerSecond"/> row starts in any one-second window. Written
/// <c>provider=N</c> or <c>provider=N@R</c> in <c>RUNNER_HARNESS_PROVIDER_LIMITS</c>, e.g. <c>openai=4@20;azure=8</c>.
/// </summary>
/// <param name="Provider">The provider, as the matrix names it (compared case-insensitively).</param>
/// <param name="MaxConcurrentRows">Rows of this provider running at once; 1 or more.</param>
/// <param name="RowStartsPerSecond">Rows of this provider started per second, or <see langword="null"/> for no rate limit; 1 or more.</param>
public sealed record ProviderLimit(string Provider, int MaxConcurrentRows, int? RowStartsPerSecond = null)
{
    /// <summary>The syntax, for error messages.</summary>
    public const string Syntax = "provider=N or provider=N@R, separated by ';' or ',' (N rows at once, R row starts per second; whole numbers of 1 or more), e.g. openai=4@20;azure=8";

    /// <summary>The <c>provider=N@R</c> form.</summary>
    public override string ToString() => RowStartsPerSecond is { } rate
        ? string.Create(CultureInfo.InvariantCulture, $"{Provider}={MaxConcurrentRows}@{rate}")
        : string.Create(CultureInfo.InvariantCulture, $"{Provider}={MaxConcurrentRows}");

    /// <summary>Parses a list such as <c>openai=4@20;azure=8</c>; empty entries are ignored.</summary>
    /// <param name="text">The list.</param>
    /// <param name="limits">The limits, in the order given.</param>
    /// <param name="problem">What is wrong with the first bad entry, or <see langword="null"/>.</param>
    /// <returns>Whether every entry was valid and no provider was named twice.</returns>
    public static bool TryParseList(string text, out IReadOnlyList<ProviderLimit> limits, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parsed = new List<ProviderLimit>();
        limits = parsed;
        problem = null;
        foreach (var entry in text.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var provider = equals < 0 ? "" : entry[..equals].Trim();
            if (provider.Length == 0)
            {
                problem = $"'{entry}' is not provider=N";
                return false;
            }

            var numbers = entry[(equals + 1)..].Split('@');
            if (numbers.Length > 2 || !TryParseCount(numbers[0], out var concurrency))
            {
                problem = $"in '{entry}', '{entry[(equals + 1)..]}' is not N or N@R with whole numbers of 1 or more";
                return false;
            }

            int? rate = null;
            if (numbers.Length == 2)
            {
                if (!TryParseCount(numbers[1], out var perSecond))
                {
                    problem = $"in '{entry}', the rate '{numbers[1]}' is not a whole number of 1 or more";
                    return false;
                }

                rate = perSecond;
            }

            if (parsed.Any(l => string.Equals(l.Provider, provider, StringComparison.OrdinalIgnoreCase)))
            {
                problem = $"the provider '{provider}' is named twice";
                return false;
            }

            parsed.Add(new ProviderLimit(provider, concurrency, rate));
        }

        return true;
    }

    private static bool TryParseCount(string text, out int count) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out count) && count >= 1;
}
