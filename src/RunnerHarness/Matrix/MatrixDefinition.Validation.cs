using System.Globalization;
using RunnerHarness.Schema;
using RunnerHarness.Settings;

namespace RunnerHarness.Matrix;

/// <summary>The checks that turn a declared matrix into its axes, or say precisely what is wrong.</summary>
public sealed partial record MatrixDefinition
{
    private List<Axis> ValidatedAxes()
    {
        if (SamplesPerCell < 1)
        {
            throw Error($"samples per cell must be 1 or more, not {SamplesPerCell}");
        }

        var axes = new List<Axis>();
        AddListedAxes(axes);
        if (Dataset is { } dataset)
        {
            // MatrixDataset has checked the ids (present, unique ignoring case); it cannot be built empty.
            axes.Add(new Axis(RecordAxes.Item.Column, $"items of the dataset {dataset.Source}", [.. dataset.Items.Select(i => i.Id)], false, null, null));
        }

        foreach (var custom in CustomAxes)
        {
            ValidateCustomAxis(custom, axes);
            AddTextAxis(axes, custom.Name, $"'{custom.Name}' values", custom.Values, null, null, isCustom: true);
        }

        if (axes.Count == 0)
        {
            throw Error($"it declares no axis; give at least one of {string.Join(", ", ListedAxes.Select(a => a.Label))}, a dataset or a custom axis");
        }

        ValidateProviders();
        ValidateExclusions(axes);
        return axes;
    }

    // A listed axis of text values; a run may filter it when its declaration says so.
    private void AddListedAxis(List<Axis> axes, RecordAxis axis, IReadOnlyList<string> values)
    {
        var filterable = MatrixFilter.Axes.Contains(axis);
        AddTextAxis(axes, axis.Column, axis.Label, values, filterable ? HarnessSettingDefinitions.FilterOf(axis) : null, filterable ? f => f.ValuesOf(axis) : null);
    }

    // A listed axis of numbers, which are rates (RecordAxes reads a number axis as one).
    private void AddListedAxis(List<Axis> axes, RecordAxis axis, IReadOnlyList<double> values)
    {
        if (values.Count > 0)
        {
            axes.Add(new Axis(axis.Column, axis.Label, RateTexts(axis, values), false, null, null));
        }
    }

    private void AddTextAxis(
        List<Axis> axes,
        string name,
        string label,
        IReadOnlyList<string>? values,
        SettingDefinition? filterSetting,
        Func<MatrixFilter, IReadOnlyList<string>>? filterValues,
        bool isCustom = false)
    {
        if (values is null || (values.Count == 0 && !isCustom))
        {
            return;
        }

        if (values.Count == 0)
        {
            throw Error($"the custom axis '{name}' has no values");
        }

        if (values.Any(string.IsNullOrWhiteSpace))
        {
            throw Error($"the {label} contain a blank value");
        }

        // Duplicates would give two rows the same case_key; the store could not tell their results apart.
        if (values.GroupBy(v => v, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw Error($"the {label} list '{duplicate.Key}' more than once");
        }

        axes.Add(new Axis(name, label, [.. values], isCustom, filterSetting, filterValues));
    }

    private List<string> RateTexts(RecordAxis axis, IReadOnlyList<double> rates)
    {
        var texts = new List<string>();
        foreach (var rate in rates)
        {
            if (!double.IsFinite(rate) || rate < 0 || rate > 1)
            {
                throw Error($"the {axis.Label} hold {rate.ToString(CultureInfo.InvariantCulture)}, which is not a number from 0 to 1");
            }

            // The case key holds a rate as "0.###"; more decimals would be lost there and could make two cells one.
            var text = RecordDimensions.FormatRate(rate);
            if (double.Parse(text, CultureInfo.InvariantCulture) != rate)
            {
                throw Error($"the {axis.Label} hold {rate.ToString(CultureInfo.InvariantCulture)}, which has more than 3 decimals");
            }

            if (texts.Contains(text, StringComparer.Ordinal))
            {
                throw Error($"the {axis.Label} list {text} more than once");
            }

            texts.Add(text);
        }

        return texts;
    }

    private void ValidateCustomAxis(MatrixAxis custom, List<Axis> axes)
    {
        if (custom is null || string.IsNullOrWhiteSpace(custom.Name))
        {
            throw Error("a custom axis has no name");
        }

        // A custom axis named like a column would be shadowed by that column in filters, reports and case keys.
        if (RecordSchema.IsColumn(custom.Name) || RecordDimensions.IsColumn(custom.Name))
        {
            throw Error($"the custom axis '{custom.Name}' has the name of a record column; name it differently, or use the built-in axis");
        }

        if (axes.Any(a => string.Equals(a.Name, custom.Name, StringComparison.Ordinal)))
        {
            throw Error($"the custom axis '{custom.Name}' is declared twice");
        }
    }

    private void ValidateProviders()
    {
        if (Providers.Count == 0)
        {
            return;
        }

        var unknown = Providers.Keys.Where(m => !Models.Contains(m, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw Error($"providers are given for {Quote(unknown)}, which the models axis does not have; its models are {Quote(Models)}");
        }

        if (Providers.FirstOrDefault(p => string.IsNullOrWhiteSpace(p.Value)) is { Key: not null } blank)
        {
            throw Error($"the provider of '{blank.Key}' is blank");
        }

        // A model without a provider would run outside every per-provider limit: say so instead of guessing.
        var missing = Models.Where(m => !Providers.ContainsKey(m)).ToList();
        if (missing.Count > 0)
        {
            throw Error($"providers are given for some models but not for {Quote(missing)}; give every model a provider, or none");
        }
    }

    private void ValidateExclusions(List<Axis> axes)
    {
        foreach (var exclusion in Exclusions)
        {
            if (exclusion is null)
            {
                throw Error("an exclusion is null");
            }

            foreach (var (name, value) in exclusion.Values)
            {
                var values = name == RecordColumns.Provider && Providers.Count > 0
                    ? ProvidersInUse
                    : axes.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal))?.Values;
                if (values is null)
                {
                    var known = axes.Select(a => a.Name).Concat(Providers.Count > 0 ? [RecordColumns.Provider] : []);
                    throw Error($"the exclusion ({exclusion}) names the axis '{name}', which the matrix does not have; its axes are {Quote(known)}");
                }

                // An exclusion that matches nothing is almost always a typo that would silently keep cells in.
                if (!values.Contains(value, StringComparer.Ordinal))
                {
                    throw Error($"the exclusion ({exclusion}) names the {name} '{value}', which the matrix does not have; its values are {Quote(values)}");
                }
            }
        }
    }
}
