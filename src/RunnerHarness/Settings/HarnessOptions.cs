namespace RunnerHarness.Settings;

/// <summary>
/// The harness settings as gathered from every source, unvalidated. A value from a source of higher
/// <see cref="SettingSource"/> precedence replaces one from a lower source, whatever the order sources
/// are added in. <see cref="Build"/> turns it once into validated <see cref="HarnessSettings"/>.
/// </summary>
internal sealed class HarnessOptions
{
    private readonly Dictionary<string, RawSetting> _values = new(StringComparer.Ordinal);

    /// <summary>Sets <paramref name="setting"/> unless a source of higher precedence already did; blank values are ignored.</summary>
    public HarnessOptions Set(SettingDefinition setting, string? value, SettingOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(origin);
        if (string.IsNullOrWhiteSpace(value))
        {
            return this;
        }

        if (!_values.TryGetValue(setting.Key, out var existing) || existing.Origin.Source <= origin.Source)
        {
            _values[setting.Key] = new RawSetting(value.Trim(), origin);
        }

        return this;
    }

    /// <summary>Adds every setting's environment variable, read through <paramref name="getVariable"/>.</summary>
    public HarnessOptions AddEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        foreach (var setting in HarnessSettingDefinitions.All)
        {
            Set(setting, getVariable(setting.EnvironmentVariable), new SettingOrigin(SettingSource.EnvironmentVariable, setting.EnvironmentVariable));
        }

        return this;
    }

    /// <summary>Adds runsettings <c>TestRunParameters</c>, keyed by parameter name (case-insensitive).</summary>
    public HarnessOptions AddRunSettingsParameters(IReadOnlyDictionary<string, string> parameters) =>
        AddByName(parameters, static s => s.Key, SettingSource.RunSettingsParameter);

    /// <summary>Adds project defaults, keyed by MSBuild property name (case-insensitive).</summary>
    public HarnessOptions AddMSBuildProperties(IReadOnlyDictionary<string, string> properties) =>
        AddByName(properties, static s => s.MSBuildProperty, SettingSource.MSBuildProperty);

    /// <summary>The value currently chosen for <paramref name="setting"/>, or <see langword="null"/>.</summary>
    public RawSetting? Get(SettingDefinition setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return _values.GetValueOrDefault(setting.Key);
    }

    /// <summary>Validates every value and resolves the store path against <paramref name="workingDirectory"/>.</summary>
    /// <exception cref="HarnessSettingsException">A value is invalid; the message names the setting, its source, the value and what is valid.</exception>
    public HarnessSettings Build(string workingDirectory, TimeProvider? time = null) =>
        HarnessSettings.FromOptions(this, workingDirectory, time ?? TimeProvider.System);

    private HarnessOptions AddByName(IReadOnlyDictionary<string, string> values, Func<SettingDefinition, string> nameOf, SettingSource source)
    {
        ArgumentNullException.ThrowIfNull(values);
        var byName = values.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        foreach (var setting in HarnessSettingDefinitions.All)
        {
            var name = nameOf(setting);
            if (byName.TryGetValue(name, out var value))
            {
                Set(setting, value, new SettingOrigin(source, name));
            }
        }

        return this;
    }
}
