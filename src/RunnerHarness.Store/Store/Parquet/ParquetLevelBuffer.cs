using System.Buffers;

namespace RunnerHarness.Store.Parquet;

/// <summary>
/// The definition or repetition levels of one leaf column of a row group, a byte each (a record's levels never pass 3),
/// widened to the <see cref="int"/> levels Parquet.Net takes only while the column is written: a 250,000-row group's
/// levels cost 0.25 MB a column instead of 1 MB.
/// </summary>
internal sealed class ParquetLevelBuffer(int capacity) : IDisposable
{
    private byte[] _levels = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1));

    /// <summary>How many levels the buffer holds.</summary>
    public int Count { get; private set; }

    /// <summary>Adds the next level.</summary>
    public void Add(int level)
    {
        if (Count == _levels.Length)
        {
            EnsureRoom(1);
        }

        _levels[Count++] = (byte)level;
    }

    /// <summary>Makes room for <paramref name="more"/> levels beyond <see cref="Count"/>.</summary>
    public void EnsureRoom(int more)
    {
        var needed = Count + more;
        if (needed <= _levels.Length)
        {
            return;
        }

        // A streamed row group grows its buffers by doubling from a small start. The outgrown arrays are left to the
        // collector, not returned: the shared pool would keep one of every size it saw.
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _levels.Length * 2));
        Array.Copy(_levels, larger, Count);
        _levels = larger;
    }

    /// <summary>The levels as <see cref="int"/>s in an array from the shared pool, which the caller returns once written.</summary>
    public int[] RentWidened()
    {
        var widened = ArrayPool<int>.Shared.Rent(Math.Max(Count, 1));
        var levels = _levels.AsSpan(0, Count);
        for (var i = 0; i < levels.Length; i++)
        {
            widened[i] = levels[i];
        }

        return widened;
    }

    /// <summary>
    /// Levels of 0 for <paramref name="count"/> rows of a required column, in an array from the shared pool the caller returns:
    /// Parquet.Net 6.1.0 counts a row group's rows by the levels of the column written first, even a required one, so the
    /// required columns are given levels while they are written rather than keeping them.
    /// </summary>
    public static int[] RentZeros(int count)
    {
        var zeros = ArrayPool<int>.Shared.Rent(Math.Max(count, 1));
        Array.Clear(zeros, 0, count);
        return zeros;
    }

    /// <summary>Gives back an array of <see cref="RentWidened"/> or <see cref="RentZeros"/>; <see langword="null"/> is nothing to give back.</summary>
    public static void Return(int[]? widened)
    {
        if (widened is not null)
        {
            ArrayPool<int>.Shared.Return(widened);
        }
    }

    /// <summary>Empties the buffer for the next row group.</summary>
    public void Clear() => Count = 0;

    /// <inheritdoc />
    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_levels);
        _levels = [];
        Count = 0;
    }
}
