namespace RunnerHarness.Settings;

/// <summary>
/// One harness setting and the name it has in each source: the environment variable, the
/// runsettings <c>TestRunParameters</c> parameter and the MSBuild property.
/// </summary>
/// <param name="Key">The runsettings parameter name, also used as the setting's key.</param>
/// <param name="EnvironmentVariable">The environment variable that sets it.</param>
/// <param name="MSBuildProperty">The MSBuild property that sets the project's default.</param>
/// <param name="Description">What the setting does and what values it takes.</param>
internal sealed record SettingDefinition(string Key, string EnvironmentVariable, string MSBuildProperty, string Description);
