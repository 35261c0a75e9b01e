namespace RunnerHarness.Aggregation;

/// <summary>
/// The sequence <c>new System.Random(seed)</c> yields (its seeded, compatible generator: Knuth's subtractive
/// generator as .NET has always seeded it), drawn in bulk without a virtual call a number, so that the resampling
/// tests keep every p-value and interval they gave through <see cref="Random"/> while drawing millions of numbers a
/// test. It reproduces <c>Random.Next(maxValue)</c> and <c>Random.NextBytes</c> of the runtime's
/// <c>src/libraries/System.Private.CoreLib/src/System/Random.CompatImpl.cs</c> (.NET 10); <c>SeededRandomSequenceTests</c>
/// compares it with <see cref="Random"/> itself over many seeds and bounds.
/// </summary>
internal sealed class SeededRandomSequence
{
    // The 55 numbers of state are at 1..55; each draw replaces the one at _current by it minus the one 21 places on.
    private const int StateSize = 55;
    private const int PartnerOffset = 21;
    private const int Modulus = int.MaxValue;

    private readonly int[] _state = new int[StateSize + 1];
    private int _current;
    private int _partner = PartnerOffset;

    /// <summary>Starts the sequence of <c>new Random(<paramref name="seed"/>)</c>.</summary>
    public SeededRandomSequence(int seed)
    {
        var state = _state;
        var last = 161803398 - (seed == int.MinValue ? int.MaxValue : Math.Abs(seed));
        state[StateSize] = last;
        var next = 1;
        var slot = 0;
        for (var i = 1; i < StateSize; i++)
        {
            // Fills the slots 21 apart (mod 55), each with the difference of the two before it.
            slot = (slot + PartnerOffset) % StateSize;
            state[slot] = next;
            next = last - next;
            if (next < 0)
            {
                next += Modulus;
            }

            last = state[slot];
        }

        // Four rounds of mixing each slot with the one 31 places on (mod 55), as the runtime warms the state up.
        for (var round = 1; round < 5; round++)
        {
            for (var i = 1; i <= StateSize; i++)
            {
                state[i] -= state[1 + ((i + 30) % StateSize)];
                if (state[i] < 0)
                {
                    state[i] += Modulus;
                }
            }
        }
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with what as many calls of <c>Random.Next(<paramref name="maxValue"/>)</c>
    /// would return, in order.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxValue"/> is not positive.</exception>
    public void NextIndices(Span<int> destination, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxValue);
        var state = _state;
        int current = _current, partner = _partner;
        for (var i = 0; i < destination.Length; i++)
        {
            // The runtime scales by 1/(2^31-1) and then by the bound, two roundings in that order; so does this.
            destination[i] = (int)(Draw(state, ref current, ref partner) * (1.0 / Modulus) * maxValue);
        }

        (_current, _partner) = (current, partner);
    }

    /// <summary>Fills <paramref name="destination"/> as <c>Random.NextBytes</c> would: the low byte of one draw a byte.</summary>
    public void NextBytes(Span<byte> destination)
    {
        var state = _state;
        int current = _current, partner = _partner;
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (byte)Draw(state, ref current, ref partner);
        }

        (_current, _partner) = (current, partner);
    }

    // One draw in [0, 2^31 - 1): the state number at the next position minus its partner's, wrapped into range.
    private static int Draw(int[] state, ref int current, ref int partner)
    {
        current = current == StateSize ? 1 : current + 1;
        partner = partner == StateSize ? 1 : partner + 1;
        var value = state[current] - state[partner];
        if (value == Modulus)
        {
            value--;
        }

        if (value < 0)
        {
            value += Modulus;
        }

        state[current] = value;
        return value;
    }
}
