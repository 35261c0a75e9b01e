namespace RunnerHarness.Aggregation;

/// <summary>Equality of group keys (arrays of dimension values), ordinal, so a scratch array can be looked up without copying.</summary>
internal sealed class GroupKeyComparer : IEqualityComparer<string?[]>
{
    public static GroupKeyComparer Instance { get; } = new();

    public bool Equals(string?[]? x, string?[]? y)
    {
        if (x is null || y is null || x.Length != y.Length)
        {
            return ReferenceEquals(x, y);
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (!string.Equals(x[i], y[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(string?[] obj)
    {
        var hash = default(HashCode);
        foreach (var value in obj)
        {
            hash.Add(value is null ? 0 : string.GetHashCode(value, StringComparison.Ordinal));
        }

        return hash.ToHashCode();
    }
}
