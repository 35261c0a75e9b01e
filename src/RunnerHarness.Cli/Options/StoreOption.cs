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
            "else the only store below the current folder (a test project's default store is <project>/runner-harness-store). " +
            UrlHelp,
        HelpName = "DIR|URL",
    };

    /// <summary>What every command's help says of URL stores.</summary>
    internal const string UrlHelp =
        "Or a store URL, az://CONTAINER/PREFIX (Azure Blob; AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT) or " +
        "s3://BUCKET/PREFIX (S3; AWS_* variables, AWS_ENDPOINT_URL_S3 for S3-compatible stores): the command syncs its sealed " +
        "objects into this machine's mirror folder (--mirror-dir, else $RUNNER_HARNESS_STORE_MIRROR_DIR) and works there; writing commands upload what they write.";

    /// <summary>The option of commands that write a store, which may not exist yet; its value is resolved by <see cref="CliContext.ResolveStore"/>.</summary>
    public static Option<string?> CreateForWriting() => new("--store", "-s")
    {
        Description = $"The store directory. Default: ${HarnessSettingDefinitions.StorePath.EnvironmentVariable}, else ./{HarnessSettings.DefaultStoreDirectoryName}.",
        HelpName = "DIR",
    };
}
