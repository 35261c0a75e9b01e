using System.Globalization;
using RunnerHarness.Schema;
using RunnerHarness.Settings;

namespace RunnerHarness.Matrix;

/// <summary>
/// A model batch's matrix: the axes, the samples per cell, exclusions and each model's provider. Declared in code
/// or loaded from a JSON config file (<see cref="Load"/>, format in <c>docs/matrix.md</c>), then turned into rows
/// by <see cref="Expand(MatrixFilter?, int?)"/>. An axis left empty is not part of the matrix (its column stays
/// null). Cells are the cross product of the axes in this order: the listed axes (<see cref="ListedAxes"/>: models, prompt
/// types, ...), dataset items, then custom axes in declaration order.
/// </summary>
/// <remarks>The lists of the listed axes (<see cref="ListedAxes"/>) are generated from the record's axis declarations.</remarks>
[RecordAxisMembers(RecordAxisMemberShape.MatrixLists)]
public sealed partial record MatrixDefinition
{
    /// <summary>The default <see cref="SamplesPerCell"/>: 1.</summary>
    public const int DefaultSamplesPerCell = 1;

    /// <summary>Where the definition came from, used in error messages: a file path, or <c>code</c> (the default).</summary>
    public string Source { get; init; } = "code";

    /// <summary>
    /// The dataset whose items are an axis of the matrix (the <c>item</c> column, with the item's version in
    /// <c>item_hash</c>), varying after the flaw types and before custom axes; see <c>docs/datasets.md</c>. Default: none.
    /// </summary>
    public MatrixDataset? Dataset { get; init; }

    /// <summary>Custom axes, in the order they vary after the built-in ones. Default: none.</summary>
    public IReadOnlyList<MatrixAxis> CustomAxes { get; init; } = [];

    /// <summary>
    /// The provider serving each model (model -> provider), filling <see cref="MatrixSample.Provider"/>; per-provider
    /// row limits key on it. Either empty (no providers) or naming every model. The provider is part of the cell
    /// identity (<c>case_key</c>): changing a model's provider starts new cells. Default: empty.
    /// </summary>
    public IReadOnlyDictionary<string, string> Providers { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Samples per cell when the run sets no target (<c>RUNNER_HARNESS_TARGET_SAMPLES</c>); 1 or more. Default: 1.</summary>
    public int SamplesPerCell { get; init; } = DefaultSamplesPerCell;

    /// <summary>Cells left out of the matrix; see <see cref="MatrixExclusion"/>. Default: none.</summary>
    public IReadOnlyList<MatrixExclusion> Exclusions { get; init; } = [];

    /// <summary>The distinct providers the matrix's models use, in model order; empty when no provider is given.</summary>
    public IReadOnlyList<string> ProvidersInUse => [.. Models.Select(m => Providers.GetValueOrDefault(m)).OfType<string>().Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// <paramref name="cell"/> on the provider this matrix puts its model on, or unchanged when the matrix names none
    /// for it. A cell discovered from the declared matrix has the declared provider; a models file may place the
    /// model on its own provider at run time, and the cell is still the same cell.
    /// </summary>
    public MatrixSample PlaceOnProvider(MatrixSample cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.Model is { } model && Providers.TryGetValue(model, out var provider) ? cell with { Provider = provider } : cell;
    }

    /// <summary>
    /// The most rows (cells x samples, before exclusions) one batch may expand to: a million rows are about a gigabyte of
    /// plan and far beyond any evaluation a batch runs; a larger matrix fails at once, naming its size.
    /// </summary>
    public const int MaxRows = 1_000_000;

    /// <summary>Checks the definition without expanding it.</summary>
    /// <exception cref="MatrixDefinitionException">The definition is invalid; the message names the source, the axis or key and the problem.</exception>
    public void Validate() => _ = ValidatedAxes();

    /// <summary>
    /// The rows for <paramref name="samplesPerCell"/> samples per cell (default <see cref="SamplesPerCell"/>), keeping
    /// only the axis values <paramref name="filter"/> allows (case-insensitive) and leaving out excluded cells.
    /// </summary>
    /// <exception cref="MatrixDefinitionException">
    /// The definition is invalid, the sample count is below 1, a filter leaves an axis without values (the message
    /// names the axis, the filter setting and the matrix's values), the exclusions remove every cell, or the matrix has more
    /// than <see cref="MaxRows"/> rows (checked before any row is made).
    /// </exception>
    internal MatrixExpansion Expand(MatrixFilter? filter = null, int? samplesPerCell = null) =>
        ExpandCore(filter ?? MatrixFilter.None, samplesPerCell, DescribeFilterSetting);

    /// <summary>
    /// The rows for the run's <see cref="HarnessSettings.TargetSamples"/> (or <see cref="SamplesPerCell"/>) and
    /// <see cref="HarnessSettings.Filter"/>; errors name where the offending filter was set.
    /// </summary>
    /// <inheritdoc cref="Expand(MatrixFilter?, int?)" path="/exception"/>
    internal MatrixExpansion Expand(HarnessSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ExpandCore(settings.Filter, settings.TargetSamples, s => settings.OriginOf(s).ToString());
    }

    private static string DescribeFilterSetting(SettingDefinition setting) =>
        $"{setting.EnvironmentVariable} (or runsettings parameter {setting.Key}, MSBuild property {setting.MSBuildProperty})";

    private MatrixExpansion ExpandCore(MatrixFilter filter, int? samplesOverride, Func<SettingDefinition, string> describeSetting)
    {
        var axes = ValidatedAxes();
        var samples = samplesOverride ?? SamplesPerCell;
        if (samples < 1)
        {
            throw Error($"the samples per cell must be 1 or more, not {samples}");
        }

        var notes = new List<string>();
        var filtered = axes.Select(axis => ApplyFilter(axis, filter, describeSetting, notes)).ToList();
        NoteFiltersOnMissingAxes(axes, filter, describeSetting, notes);

        // Checked before a row exists: a matrix of 10^8 rows would otherwise fill memory for minutes and die without a word.
        var size = filtered.Aggregate(new System.Numerics.BigInteger(samples), (product, axis) => product * Math.Max(1, axis.Values.Count));
        if (size > MaxRows)
        {
            throw Error(string.Create(CultureInfo.InvariantCulture,
                $"it has {size} rows ({string.Join(" x ", filtered.Where(a => a.Values.Count > 1).Select(a => $"{a.Values.Count} {a.Label}"))} x {samples} samples) before exclusions, and the most a batch may plan is {MaxRows}; filter it (e.g. RUNNER_HARNESS_MODELS) or split it into several batches"));
        }

        var cells = new List<MatrixSample>();
        var total = 0;
        foreach (var cell in CrossProduct(filtered))
        {
            total++;
            if (!Exclusions.Any(e => e.Matches(cell)))
            {
                cells.Add(cell);
            }
        }

        if (cells.Count == 0)
        {
            throw Error($"the exclusions remove every one of the {total} cells left after filters; exclusions: {string.Join("; ", Exclusions)}");
        }

        var rows = new List<MatrixSample>(cells.Count * samples);
        for (var sample = 0; sample < samples; sample++)
        {
            rows.AddRange(cells.Select(c => c with { SampleIndex = sample }));
        }

        return new MatrixExpansion(rows, cells.Count, samples, notes);
    }

    private Axis ApplyFilter(Axis axis, MatrixFilter filter, Func<SettingDefinition, string> describeSetting, List<string> notes)
    {
        if (axis.FilterAxis is not { } filterAxis)
        {
            return axis;
        }

        var setting = HarnessSettingDefinitions.FilterOf(filterAxis);
        var allowed = filter.ValuesOf(filterAxis);
        if (allowed.Count == 0)
        {
            return axis;
        }

        var kept = axis.Values.Where(v => allowed.Contains(v, StringComparer.OrdinalIgnoreCase)).ToList();
        if (kept.Count == 0)
        {
            throw new MatrixDefinitionException(
                $"RunnerHarness: the matrix from {Source} has no rows: the {axis.Label} filter from {describeSetting(setting)} " +
                $"allows {Quote(allowed)}, which matches none of the matrix's {axis.Label}: {Quote(axis.Values)}.");
        }

        var unmatched = allowed.Where(a => !axis.Values.Contains(a, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unmatched.Count > 0)
        {
            notes.Add($"The {axis.Label} filter from {describeSetting(setting)} names {Quote(unmatched)}, which the matrix does not have; its {axis.Label} are {Quote(axis.Values)}.");
        }

        return axis with { Values = kept };
    }

    private static void NoteFiltersOnMissingAxes(IReadOnlyList<Axis> axes, MatrixFilter filter, Func<SettingDefinition, string> describeSetting, List<string> notes)
    {
        foreach (var axis in MatrixFilter.Axes)
        {
            if (filter.ValuesOf(axis).Count > 0 && !axes.Any(a => a.FilterAxis == axis))
            {
                notes.Add($"The {axis.Label} filter from {describeSetting(HarnessSettingDefinitions.FilterOf(axis))} has no effect: this matrix has no {axis.Label} axis.");
            }
        }
    }

    private IEnumerable<MatrixSample> CrossProduct(List<Axis> axes)
    {
        var index = new int[axes.Count];
        while (true)
        {
            yield return CaseOf(axes, index);

            // Odometer: the last axis varies fastest, so cells come out in declaration order of the axes' values.
            var position = axes.Count - 1;
            while (position >= 0 && ++index[position] == axes[position].Values.Count)
            {
                index[position] = 0;
                position--;
            }

            if (position < 0)
            {
                yield break;
            }
        }
    }

    private MatrixSample CaseOf(List<Axis> axes, int[] index)
    {
        var modelCase = new MatrixSample();
        var dimensions = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < axes.Count; i++)
        {
            var value = axes[i].Values[index[i]];
            if (!axes[i].IsCustom && RecordAxes.Find(axes[i].Name) is { } axis)
            {
                modelCase = modelCase.With(axis, axis.Parse(value));
                if (axis == RecordAxes.Model)
                {
                    modelCase = modelCase with { Provider = Providers.GetValueOrDefault(value) };
                }

                // The item's version goes with its id: the case key holds both, so answers to an edited item are not counted for the new text.
                if (axis == RecordAxes.Item && Dataset?.Find(value) is { } item)
                {
                    modelCase = modelCase with { ItemHash = item.Hash, DatasetItem = item };
                }
            }

            if (axes[i].IsCustom)
            {
                dimensions[axes[i].Name] = value;
            }
        }

        return dimensions.Count > 0 ? modelCase with { Dimensions = dimensions } : modelCase;
    }

    private static string Quote(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"'{v}'"));

    private MatrixDefinitionException Error(string problem) => new($"RunnerHarness: the matrix from {Source} is invalid: {problem}.");

    /// <summary>One axis of the cross product: its column or custom name, its label in messages, its values as cell text, and the fixed axis a run filters it as.</summary>
    private sealed record Axis(string Name, string Label, List<string> Values, bool IsCustom, RecordAxis? FilterAxis);
}
