using System.CommandLine;
using RunnerHarness.Settings;

namespace RunnerHarness.Cli.Options;

/// <summary>The <c>--store</c> option every command takes.</summary>
public static class StoreOption
{
    /// <summary>The option of commands that read a store; its value is resolved by <see cref="CliContext.FindStore"/>.</summary>
    public static Option<string?> Create() => new("--store", "-s")
    {
        Description = $"The store directory. Default: ${HarnessSettingDefinitions.StorePath.EnvironmentVariable}, else ./{HarnessSettings.DefaultStoreDirectoryName} if it exists, " +
            "else the only store below the current folder (a test project's default store is <project>/runner-harness-store).",
        HelpName = "DIR",
    };

    /// <summary>The option of commands that write a store, which may not exist yet; its value is resolved by <see cref="CliContext.ResolveStore"/>.</summary>
    public static Option<string?> CreateForWriting() => new("--store", "-s")
    {
        Description = $"The store directory. Default: ${HarnessSettingDefinitions.StorePath.EnvironmentVariable}, else ./{HarnessSettings.DefaultStoreDirectoryName}.",
        HelpName = "DIR",
    };
}
