namespace RunnerHarness.Settings;

/// <summary>A setting's value as given, before validation, and where it came from.</summary>
/// <param name="Value">The text as given.</param>
/// <param name="Origin">Where it came from.</param>
internal sealed record RawSetting(string Value, SettingOrigin Origin);
