using System.Text;

namespace RunnerHarness.Settings;

/// <summary>
/// One harness setting and the name it has in each source: the environment variable, the
/// runsettings <c>TestRunParameters</c> parameter, the MSBuild property, and under Microsoft.Testing.Platform the
/// command-line option and the key of the <c>testconfig.json</c> section.
/// </summary>
/// <param name="Key">The runsettings parameter name, also used as the setting's key.</param>
/// <param name="EnvironmentVariable">The environment variable that sets it.</param>
/// <param name="MSBuildProperty">The MSBuild property that sets the project's default.</param>
/// <param name="Description">What the setting does and what values it takes.</param>
/// <param name="OptionName">
/// The Microsoft.Testing.Platform command-line option without its dashes, when it is not <paramref name="Key"/> in kebab case
/// (<c>StorePath</c> is <c>store</c>); <see langword="null"/> for the kebab-case key.
/// </param>
internal sealed record SettingDefinition(string Key, string EnvironmentVariable, string MSBuildProperty, string Description, string? OptionName = null)
{
    /// <summary>The Microsoft.Testing.Platform command-line option without its dashes, e.g. <c>storage-format</c> for <c>StorageFormat</c>.</summary>
    public string CommandLineOption => OptionName ?? KebabCase(Key);

    /// <summary>
    /// The key of the setting in the <c>runnerHarness</c> section of <c>testconfig.json</c>: the command-line option in camel case,
    /// e.g. <c>storageFormat</c>, so that the option and the key are one name.
    /// </summary>
    public string ConfigurationKey => CamelCase(CommandLineOption);

    private static string KebabCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    private static string CamelCase(string option)
    {
        var parts = option.Split('-');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
