using System.Globalization;
using RunnerHarness.Schema;

namespace RunnerHarness.Aggregation;

/// <summary>
/// Orders the values of one dimension the way a reader expects, as its axis declares: a text axis with a declared
/// <see cref="RecordAxis.ValueOrder"/> (difficulties from easiest to hardest) in that order and its other values after,
/// a number axis by value, anything else ordinally; a missing value last.
/// </summary>
internal sealed class DimensionValueComparer : IComparer<string?>
{
    private readonly IReadOnlyList<string> _order;
    private readonly bool _numeric;

    /// <summary>Creates the comparer for the dimension <paramref name="dimension"/>.</summary>
    public DimensionValueComparer(string dimension)
        : this(RecordAxes.Find(dimension))
    {
    }

    /// <summary>Creates the comparer for the values of <paramref name="axis"/>, or ordinal for a dimension that is no axis (null).</summary>
    internal DimensionValueComparer(RecordAxis? axis)
    {
        _order = axis?.ValueOrder ?? [];
        _numeric = axis?.IsNumeric == true;
    }

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : 1) : -1;
        }

        if (_order.Count > 0)
        {
            var byRank = Rank(x).CompareTo(Rank(y));
            if (byRank != 0)
            {
                return byRank;
            }
        }
        else if (_numeric
            && double.TryParse(x, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && double.TryParse(y, NumberStyles.Float, CultureInfo.InvariantCulture, out var b))
        {
            var byValue = a.CompareTo(b);
            if (byValue != 0)
            {
                return byValue;
            }
        }

        return string.CompareOrdinal(x, y);
    }

    // A value the declaration does not list ranks after every listed one.
    private int Rank(string value)
    {
        for (var i = 0; i < _order.Count; i++)
        {
            if (string.Equals(_order[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return _order.Count;
    }
}
