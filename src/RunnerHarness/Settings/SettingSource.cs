namespace RunnerHarness.Settings;

/// <summary>Where a setting's value came from, in ascending order of precedence.</summary>
internal enum SettingSource
{
    /// <summary>The built-in default.</summary>
    BuiltInDefault = 0,

    /// <summary>An MSBuild property of the test project, baked into the test assembly at build time.</summary>
    MSBuildProperty = 1,

    /// <summary>
    /// The <c>runnerHarness</c> section of Microsoft.Testing.Platform's configuration file (<c>testconfig.json</c>), read under
    /// MTP only. A file of the project, like runsettings: below the environment and the command line of a run.
    /// </summary>
    TestConfigFile = 2,

    /// <summary>A <c>TestRunParameters</c> parameter of the runsettings (file or command line).</summary>
    RunSettingsParameter = 3,

    /// <summary>An environment variable of the test host, including runsettings <c>RunConfiguration/EnvironmentVariables</c>.</summary>
    EnvironmentVariable = 4,

    /// <summary>
    /// A command-line option: of the <c>runner-harness</c> tool, or of the test application under Microsoft.Testing.Platform
    /// (<c>dotnet test --storage-format parquet</c>). A launcher's options and MTP's never meet in one test host: a test host
    /// started by a launcher reads only the launcher's settings.
    /// </summary>
    CommandLine = 5,
}
