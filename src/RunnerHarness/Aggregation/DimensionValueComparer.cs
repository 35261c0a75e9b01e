using System.Globalization;
using RunnerHarness.Schema;

namespace RunnerHarness.Aggregation;

/// <summary>
/// Orders the values of one dimension the way a reader expects: difficulties from easiest to hardest,
/// numeric columns by value, anything else ordinally; a missing value last.
/// </summary>
internal sealed class DimensionValueComparer : IComparer<string?>
{
    private static readonly string[] Difficulties = ["very_easy", "easy", "medium", "hard", "very_hard"];
    private readonly bool _numeric;
    private readonly bool _difficulty;

    /// <summary>Creates the comparer for the dimension <paramref name="dimension"/>.</summary>
    public DimensionValueComparer(string dimension)
    {
        _numeric = dimension is RecordColumns.ToolSuccessRate or RecordColumns.SampleIndex;
        _difficulty = dimension == RecordColumns.Difficulty;
    }

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : 1) : -1;
        }

        if (_difficulty)
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

    private static int Rank(string difficulty)
    {
        var index = Array.IndexOf(Difficulties, difficulty);
        return index < 0 ? Difficulties.Length : index;
    }
}
