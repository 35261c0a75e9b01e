using System.Text;

namespace WorkflowBench.Agent;

/// <summary>Deterministic draws for one sample (FNV-1a with a SplitMix64 finaliser: the same in every process, unlike string.GetHashCode).</summary>
internal sealed class SampleDice(string sample)
{
    /// <summary>A number in [0, 1) for draw <paramref name="name"/> number <paramref name="index"/>.</summary>
    public double Roll(string name, int index) => (Hash($"{sample}\u001f{name}\u001f{index}") >> 11) * (1.0 / (1UL << 53));

    /// <summary>A short hexadecimal tag for draw <paramref name="name"/> number <paramref name="index"/>.</summary>
    public string Tag(string name, int index) => (Hash($"{sample}\u001f{name}\u001f{index}") & 0xFFFFFF).ToString("x6", System.Globalization.CultureInfo.InvariantCulture);

    private static ulong Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9UL;
        hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }
}
