using System.Text.Json;

namespace RunnerHarness.Settings;

/// <summary>
/// The <c>runnerHarness</c> section of Microsoft.Testing.Platform's configuration file (<c>testconfig.json</c>), e.g.
/// <c>{ "runnerHarness": { "storageFormat": "parquet", "store": "../results" } }</c>: one key per setting
/// (<see cref="SettingDefinition.ConfigurationKey"/>, case-insensitive as MTP reads the file), each a string, number or boolean.
/// </summary>
public static class TestConfigSection
{
    /// <summary>The name of the section in <c>testconfig.json</c>.</summary>
    public const string Name = "runnerHarness";

    /// <summary>Adds the settings of the section, given as its JSON text, to <paramref name="options"/> as <see cref="SettingSource.TestConfigFile"/>.</summary>
    /// <exception cref="HarnessSettingsException">The section is not an object, names a key that is no setting, or gives a setting an object, array or null.</exception>
    public static HarnessOptions AddTo(HarnessOptions options, string sectionJson)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sectionJson);
        using var document = Parse(sectionJson);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new HarnessSettingsException(
                $"RunnerHarness: testconfig.json section {Name} is a {document.RootElement.ValueKind}; it must be an object of settings, e.g. {{ \"{Name}\": {{ \"storageFormat\": \"parquet\" }} }}.");
        }

        var byKey = HarnessSettingDefinitions.All.ToDictionary(s => s.ConfigurationKey, StringComparer.OrdinalIgnoreCase);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (!byKey.TryGetValue(property.Name, out var setting))
            {
                throw new HarnessSettingsException(
                    $"RunnerHarness: testconfig.json section {Name} has the unknown key '{property.Name}'. Valid keys: {string.Join(", ", HarnessSettingDefinitions.All.Select(s => s.ConfigurationKey))}.");
            }

            var value = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Number => property.Value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => throw new HarnessSettingsException(
                    $"RunnerHarness: testconfig.json {Name}:{property.Name} is a {property.Value.ValueKind}; it must be a string, number or boolean. {setting.Description}"),
            };
            options.Set(setting, value, new SettingOrigin(SettingSource.TestConfigFile, $"{Name}:{property.Name}"));
        }

        return options;
    }

    private static JsonDocument Parse(string sectionJson)
    {
        try
        {
            return JsonDocument.Parse(sectionJson, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new HarnessSettingsException($"RunnerHarness: testconfig.json section {Name} is not valid JSON: {ex.Message}", ex);
        }
    }
}
