using System.CommandLine;

namespace RunnerHarness.Cli.Options;

/// <summary>The <c>--store</c> option every command takes.</summary>
public static class StoreOption
{
    /// <summary>Creates the option; its value is resolved by <see cref="CliContext.ResolveStore"/>.</summary>
    public static Option<string?> Create() => new("--store", "-s")
    {
        Description = $"The store directory. Default: ${CliContext.StoreVariable}, else ./{CliContext.DefaultStore}.",
        HelpName = "DIR",
    };
}
