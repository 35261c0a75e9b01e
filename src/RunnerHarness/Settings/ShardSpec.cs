using System.Globalization;

namespace RunnerHarness.Settings;

/// <summary>A shard of a run: <see cref="Index"/> of <see cref="Count"/>, 0-based, written <c>i/n</c>.</summary>
public readonly record struct ShardSpec
{
    /// <summary>Creates shard <paramref name="index"/> of <paramref name="count"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unless 0 &lt;= index &lt; count.</exception>
    public ShardSpec(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        Index = index;
        Count = count;
    }

    /// <summary>The 0-based shard number.</summary>
    public int Index { get; }

    /// <summary>How many shards the run is split into.</summary>
    public int Count { get; }

    /// <summary>Parses <c>i/n</c>; returns <see langword="false"/> for anything else, e.g. <c>3/2</c> or <c>a/b</c>.</summary>
    public static bool TryParse(string? text, out ShardSpec shard)
    {
        shard = default;
        var parts = text?.Split('/') ?? [];
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count < 1 || index >= count)
        {
            return false;
        }

        shard = new ShardSpec(index, count);
        return true;
    }

    /// <summary>The <c>i/n</c> form.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
