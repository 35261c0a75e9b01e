using System.CommandLine;
using RunnerHarness.Schema;

namespace RunnerHarness.Cli.Options;

/// <summary>
/// The command-line option of a fixed axis, named after its column (<c>--prompt-type</c> for <c>prompt_type</c>):
/// values repeat or are comma-separated. The commands make one per axis of a generated table, so a new axis gets its
/// option without an edit here.
/// </summary>
internal static class AxisOption
{
    /// <summary>The option for <paramref name="axis"/>.</summary>
    public static Option<string[]> Create(RecordAxis axis, string description) => new("--" + axis.Column.Replace('_', '-'))
    {
        Description = description,
        HelpName = axis.Column.ToUpperInvariant(),
        AllowMultipleArgumentsPerToken = false,
    };
}
