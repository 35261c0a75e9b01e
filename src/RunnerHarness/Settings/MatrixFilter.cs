using RunnerHarness.Schema;

namespace RunnerHarness.Settings;

/// <summary>
/// Which part of a batch's matrix runs. An empty list lets every value of its axis through;
/// values compare case-insensitively. One list per axis a run may filter (<see cref="Axes"/>), generated from the
/// record's axis declarations (<c>Filterable = true</c>).
/// </summary>
[RecordAxisMembers(RecordAxisMemberShape.FilterLists)]
internal sealed partial record MatrixFilter
{
    /// <summary>Whether any axis is restricted.</summary>
    public bool IsRestricted => Axes.Any(a => ValuesOf(a).Count > 0);

    /// <summary>Whether a row with <paramref name="value"/> on <paramref name="axis"/> runs; a <see langword="null"/> value is not filtered.</summary>
    public bool Allows(RecordAxis axis, string? value)
    {
        var allowed = ValuesOf(axis);
        return allowed.Count == 0 || value is null || allowed.Contains(value, StringComparer.OrdinalIgnoreCase);
    }
}
