using System.Text.Json;

namespace RunnerHarness.Settings;

/// <summary>
/// The <c>runnerHarness</c> section of Microsoft.Testing.Platform's configuration file (<c>testconfig.json</c>), e.g.
/// <c>{ "runnerHarness": { "storageFormat": "parquet", "store": "../results" } }</c>: one key per setting
/// (<see cref="SettingDefinition.ConfigurationKey"/>, case-insensitive as MTP reads the file), each a string, number or boolean.
/// </summary>
internal static class TestConfigSection
{
    /// <summary>The name of the section in <c>testconfig.json</c>.</summary>
    public const string Name = "runnerHarness";

    /// <summary>The name of the configuration file in a test project, which MTP copies beside the test application as <c>&lt;assembly&gt;.testconfig.json</c>.</summary>
    public const string FileName = "testconfig.json";

    /// <summary>
    /// The JSON text of the section in the file at <paramref name="path"/> (the key is matched case-insensitively, as MTP does),
    /// or <see langword="null"/> when the file does not exist or has no such section.
    /// </summary>
    /// <exception cref="HarnessSettingsException">The file is not a JSON object.</exception>
    public static string? ReadSection(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return null;
        }

        using var document = Parse(File.ReadAllText(path), path);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new HarnessSettingsException($"RunnerHarness: {path} is a {document.RootElement.ValueKind}; a testconfig.json file must be a JSON object.");
        }

        return document.RootElement.EnumerateObject()
            .Where(p => string.Equals(p.Name, Name, StringComparison.OrdinalIgnoreCase))
            .Select(p => p.Value.GetRawText())
            .LastOrDefault();
    }

    /// <summary>Adds the settings of the section, given as its JSON text, to <paramref name="options"/> as <see cref="SettingSource.TestConfigFile"/>.</summary>
    /// <exception cref="HarnessSettingsException">The section is not an object, names a key that is no setting, or gives a setting an object, array or null.</exception>
    public static HarnessOptions AddTo(HarnessOptions options, string sectionJson)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sectionJson);
        using var document = Parse(sectionJson, $"testconfig.json section {Name}");
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

    private static JsonDocument Parse(string json, string what)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new HarnessSettingsException($"RunnerHarness: {what} is not valid JSON: {ex.Message}", ex);
        }
    }
}
