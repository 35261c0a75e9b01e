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

    // NextBytes' draws before they are cut to bytes; grown to the longest call.
    private int[] _drawn = [];

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
        Draw(destination);
        for (var i = 0; i < destination.Length; i++)
        {
            // The runtime scales by 1/(2^31-1) and then by the bound, two roundings in that order, and truncates
            // with the platform's own conversion (the product is below 2^31, so it needs no saturating check); so does this.
            destination[i] = double.ConvertToIntegerNative<int>(destination[i] * (1.0 / Modulus) * maxValue);
        }
    }

    /// <summary>Fills <paramref name="destination"/> as <c>Random.NextBytes</c> would: the low byte of one draw a byte.</summary>
    public void NextBytes(Span<byte> destination)
    {
        if (_drawn.Length < destination.Length)
        {
            _drawn = new int[destination.Length];
        }

        var drawn = _drawn.AsSpan(0, destination.Length);
        Draw(drawn);
        for (var i = 0; i < drawn.Length; i++)
        {
            destination[i] = (byte)drawn[i];
        }
    }

    // The next draws, each in [0, 2^31 - 1): the state number at the next position minus its partner's, wrapped into
    // range, which replaces it. Drawn in stretches where neither position wraps from 55 back to 1, so the loop that
    // does the work has no wrap to test.
    private void Draw(Span<int> destination)
    {
        var state = _state.AsSpan();
        int current = _current, partner = _partner;
        var done = 0;
        while (done < destination.Length)
        {
            current = current == StateSize ? 0 : current;
            partner = partner == StateSize ? 0 : partner;
            var stretch = Math.Min(destination.Length - done, StateSize - Math.Max(current, partner));
            for (var i = 0; i < stretch; i++)
            {
                ref var slot = ref state[++current];
                var value = slot - state[++partner];
                if (value == Modulus)
                {
                    value--;
                }

                if (value < 0)
                {
                    value += Modulus;
                }

                slot = value;
                destination[done + i] = value;
            }

            done += stretch;
        }

        (_current, _partner) = (current, partner);
    }
}
