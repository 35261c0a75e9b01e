using System.Globalization;
using System.Text;

namespace RunnerHarness.Models.Simulation;

/// <summary>
/// Deterministic draws for one simulated model playing one sample: each draw is a hash of the seed, the model, the
/// sample and the decision's name, so the same decision in the same sample comes out the same in every process and
/// runtime, and another sample index gives independent draws.
/// </summary>
internal sealed class SimulatedDice
{
    private readonly ulong _root;

    public SimulatedDice(int seed, string model, string sample)
    {
        _root = Hash(string.Create(CultureInfo.InvariantCulture, $"{seed}\u001f{model}\u001f{sample}"));
    }

    /// <summary>A number in [0, 1) for the decision <paramref name="decision"/> at turn <paramref name="turn"/>.</summary>
    public double Roll(string decision, int turn)
    {
        var bits = Mix(_root ^ Hash(decision) ^ ((ulong)turn * 0x9E3779B97F4A7C15UL));
        return (bits >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>Whether an event of probability <paramref name="probability"/> happens for this decision and turn.</summary>
    public bool Happens(string decision, int turn, double probability) => Roll(decision, turn) < probability;

    /// <summary>An index in [0, <paramref name="count"/>) for this decision and turn.</summary>
    public int Pick(string decision, int turn, int count) => (int)(Roll(decision, turn) * count);

    // FNV-1a over UTF-8, then a SplitMix64 finaliser: stable across processes, unlike string.GetHashCode.
    private static ulong Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return Mix(hash);
    }

    private static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }
}
