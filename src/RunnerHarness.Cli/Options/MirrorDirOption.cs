using System.CommandLine;

namespace RunnerHarness.Cli.Options;

/// <summary>The <c>--mirror-dir</c> option of every command that takes <c>--store</c>: where this machine keeps its mirrors of URL stores.</summary>
public static class MirrorDirOption
{
    /// <summary>The option's name.</summary>
    public const string Name = "--mirror-dir";

    /// <summary>Creates the option; a relative folder is resolved against the current folder.</summary>
    public static Option<string?> Create() => new(Name)
    {
        Description = "With a store URL: the folder under which this machine keeps its mirrors of URL stores. " +
            "Over $RUNNER_HARNESS_STORE_MIRROR_DIR (and, for run, the StoreMirrorDirectory setting), else runner-harness/store-mirrors " +
            "in the user's local application data. Ignored for a local store.",
        HelpName = "DIR",
    };
}
