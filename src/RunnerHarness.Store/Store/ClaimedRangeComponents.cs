namespace RunnerHarness.Store;

/// <summary>
/// The files of a conflict plan grouped by the id ranges they claim: two files whose claimed ranges overlap, directly or
/// through other files, are in one component, and the claims of files in different components are apart. When every
/// file's ids prove to lie inside its claim, files of different components share no id, so each component's repeats can
/// be found, and its ids let go, before the next component's ids are read.
/// </summary>
internal static class ClaimedRangeComponents
{
    /// <summary>
    /// The components of the files whose claims are <paramref name="claims"/> (a file's index in the list), in ascending
    /// order of their ranges, each file index ascending within its component; <see langword="null"/> when some file claims
    /// no range (it could hold any id, so every file would be one component).
    /// </summary>
    public static List<int[]>? Of(IReadOnlyList<RecordIdRange?> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (claims.Any(c => c is null))
        {
            return null;
        }

        // A sweep by smallest id: a file starts a new component when its range begins above every range before it.
        var order = Enumerable.Range(0, claims.Count).OrderBy(i => claims[i]!.Value.Min).ThenBy(i => i).ToList();
        var components = new List<int[]>();
        var current = new List<int>();
        UInt128 reach = default;
        foreach (var file in order)
        {
            var claim = claims[file]!.Value;
            if (current.Count > 0 && claim.Min > reach)
            {
                components.Add([.. current.Order()]);
                current.Clear();
            }

            reach = current.Count == 0 ? claim.Max : UInt128.Max(reach, claim.Max);
            current.Add(file);
        }

        if (current.Count > 0)
        {
            components.Add([.. current.Order()]);
        }

        return components;
    }
}
