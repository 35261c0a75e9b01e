namespace RunnerHarness.Aggregation;

/// <summary>Orders group rows by their keys, dimension by dimension, with <see cref="DimensionValueComparer"/>.</summary>
internal sealed class GroupRowComparer(IReadOnlyList<string> dimensions) : IComparer<GroupRow>
{
    private readonly DimensionValueComparer[] _comparers = [.. dimensions.Select(d => new DimensionValueComparer(d))];

    public int Compare(GroupRow? x, GroupRow? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        for (var i = 0; i < x.Key.Count; i++)
        {
            var order = _comparers[i].Compare(x.Key[i], y.Key[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return 0;
    }
}
