using System.Runtime.CompilerServices;
using RunnerHarness.Matrix;
using RunnerHarness.Schema;

namespace RunnerHarness.Planning;

/// <summary>
/// Compares matrix samples by their cell: the values of the cell axes and the custom dimensions, the sample index
/// ignored. Planning builds each cell's key once through it instead of once per sample (a case key is a few hundred
/// escaped characters, and a batch plans tens of thousands of samples of a few thousand cells). Values are compared as
/// values, not as the text a key holds: two samples it calls equal always have the same cell key; two it tells apart
/// whose texts happen to agree only cost one key built twice. Compiled optimized at once: a test host calls it for every
/// planned row once, before its first row runs, so tiered compilation would run all of them in unoptimized code.
/// </summary>
internal sealed class SameCellComparer : IEqualityComparer<MatrixSample>
{
    /// <summary>The one instance.</summary>
    public static SameCellComparer Instance { get; } = new();

    private SameCellComparer()
    {
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Equals(MatrixSample? x, MatrixSample? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null || x.Dimensions.Count != y.Dimensions.Count)
        {
            return false;
        }

        var axes = RecordAxes.CellAxes;
        for (var a = 0; a < axes.Count; a++)
        {
            if (!Equals(x.ValueOf(axes[a]), y.ValueOf(axes[a])))
            {
                return false;
            }
        }

        foreach (var (name, value) in x.Dimensions)
        {
            if (!y.Dimensions.TryGetValue(name, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int GetHashCode(MatrixSample obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var hash = new HashCode();
        var axes = RecordAxes.CellAxes;
        for (var a = 0; a < axes.Count; a++)
        {
            hash.Add(obj.ValueOf(axes[a]));
        }

        // Dimensions by content, in any order: the sum of their pairs' hashes.
        var dimensions = 0;
        foreach (var (name, value) in obj.Dimensions)
        {
            dimensions += HashCode.Combine(StringComparer.Ordinal.GetHashCode(name), StringComparer.Ordinal.GetHashCode(value));
        }

        hash.Add(dimensions);
        return hash.ToHashCode();
    }
}
