namespace RunnerHarness.Settings;

/// <summary>The source of one setting's value and the name it had there (variable, parameter or property name).</summary>
/// <param name="Source">The kind of source.</param>
/// <param name="Name">The name the value was given under in that source.</param>
internal sealed record SettingOrigin(SettingSource Source, string Name)
{
    /// <summary>The origin of a value nobody set.</summary>
    public static SettingOrigin Default { get; } = new(SettingSource.BuiltInDefault, "default");

    /// <summary>A phrase a user understands, e.g. <c>environment variable STORAGE_FORMAT</c>.</summary>
    public override string ToString() => Source switch
    {
        SettingSource.BuiltInDefault => "built-in default",
        SettingSource.MSBuildProperty => $"MSBuild property {Name}",
        SettingSource.TestConfigFile => $"testconfig.json {Name}",
        SettingSource.RunSettingsParameter => $"runsettings parameter {Name}",
        SettingSource.EnvironmentVariable => $"environment variable {Name}",
        SettingSource.CommandLine => $"command-line option {Name}",
        _ => Name,
    };
}
