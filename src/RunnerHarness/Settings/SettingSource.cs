namespace RunnerHarness.Settings;

/// <summary>Where a setting's value came from, in ascending order of precedence.</summary>
internal enum SettingSource
{
    /// <summary>The built-in default.</summary>
    BuiltInDefault = 0,

    /// <summary>An MSBuild property of the test project, baked into the test assembly at build time.</summary>
    MSBuildProperty = 1,

    /// <summary>A <c>TestRunParameters</c> parameter of the runsettings (file or command line).</summary>
    RunSettingsParameter = 2,

    /// <summary>An environment variable of the test host, including runsettings <c>RunConfiguration/EnvironmentVariables</c>.</summary>
    EnvironmentVariable = 3,

    /// <summary>A command-line option of the <c>runner-harness</c> tool.</summary>
    CommandLine = 4,
}
