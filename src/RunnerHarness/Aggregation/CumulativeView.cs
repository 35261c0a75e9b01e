namespace RunnerHarness.Aggregation;

/// <summary>
/// The cumulative view of a set of records: statistics for every group of the grouping dimensions, for
/// every prefix of them (subtotals), and for all records. Built by <see cref="CumulativeAggregator"/>.
/// </summary>
internal sealed class CumulativeView
{
    private readonly IReadOnlyList<IReadOnlyList<GroupRow>> _levels;
    private readonly Dictionary<int, Dictionary<string?[], List<GroupRow>>> _children = [];

    internal CumulativeView(IReadOnlyList<string> dimensions, GroupStatistics totals, IReadOnlyList<IReadOnlyList<GroupRow>> levels)
    {
        Dimensions = dimensions;
        Totals = totals;
        _levels = levels;
    }

    /// <summary>The grouping dimensions, outermost first.</summary>
    public IReadOnlyList<string> Dimensions { get; }

    /// <summary>The statistics of all records read.</summary>
    public GroupStatistics Totals { get; }

    /// <summary>The groups of all grouping dimensions, ordered by key (see <see cref="DimensionValueComparer"/>).</summary>
    public IReadOnlyList<GroupRow> Groups => _levels[^1];

    /// <summary>
    /// The groups of the first <paramref name="depth"/> dimensions (subtotals), ordered by key; depth 0 is
    /// one group with an empty key holding the totals.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Depth is negative or above the number of dimensions.</exception>
    public IReadOnlyList<GroupRow> GroupsAt(int depth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, Dimensions.Count);
        return _levels[depth];
    }

    /// <summary>The groups one level below <paramref name="parentKey"/> whose key starts with it, ordered by key.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The parent key is as long as the grouping (leaves have no children).</exception>
    public IReadOnlyList<GroupRow> ChildrenOf(IReadOnlyList<string?> parentKey)
    {
        ArgumentNullException.ThrowIfNull(parentKey);
        var depth = parentKey.Count + 1;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, Dimensions.Count, nameof(parentKey));
        if (!_children.TryGetValue(depth, out var index))
        {
            index = new Dictionary<string?[], List<GroupRow>>(GroupKeyComparer.Instance);
            foreach (var row in _levels[depth])
            {
                var prefix = row.Key.Take(depth - 1).ToArray();
                if (!index.TryGetValue(prefix, out var list))
                {
                    list = [];
                    index.Add(prefix, list);
                }

                list.Add(row);
            }

            _children[depth] = index;
        }

        return index.TryGetValue([.. parentKey], out var children) ? children : [];
    }
}
