using System.Text.RegularExpressions;
using System.Xml.Linq;
using RunnerHarness.Launching;
using RunnerHarness.Tests.Docs;

namespace RunnerHarness.Tests.Launching;

/// <summary>
/// A <c>TestRunParameters.Parameter(name=..., value=...)</c> argument is parsed in two places that cannot share code:
/// the package's MSBuild targets (the bridge for a plain <c>dotnet test</c>; MSBuild in Visual Studio runs on .NET
/// Framework and cannot load the net10.0 library, so the targets use a regular expression in a property function) and
/// <see cref="RunSettingsValues"/> (the launcher's). These tests apply the targets' own pattern as MSBuild does
/// (IsMatch, then Replace with <c>$1=$2</c>, then the test host splits the line at its first <c>=</c>) and demand the
/// same name and value the launcher reads, for every input.
/// </summary>
public sealed class RunParameterPatternTests
{
    public static TheoryData<string> Arguments() => new()
    {
        """TestRunParameters.Parameter(name="TargetSamples", value="3")""",
        """TestRunParameters.Parameter(name=TargetSamples,value=3)""",
        """  TestRunParameters.Parameter( name = "StorageFormat" , value = "parquet" )  """,
        """TestRunParameters.Parameter(name="Models", value="gpt-4o-mini,claude-haiku-4")""",
        """TestRunParameters.Parameter(name="ProviderLimits", value="openai=4; anthropic=2")""",
        """TestRunParameters.Parameter(name="StorePath", value="")""",
        """TestRunParameters.Parameter(name="StorePath", value="C:\studies\run=2")""",
        """TestRunParameters.Parameter(name="Models" value="sim-large")""",
        """TestRunParameters.Parameter(name="", value="x")""",
        """RunConfiguration.EnvironmentVariables.RUNNER_HARNESS_MODELS=sim-small""",
        """--filter""",
    };

    [Theory]
    [MemberData(nameof(Arguments))]
    public void MsBuildPatternAndLauncher_SameArgument_ReadTheSameParameter(string argument)
    {
        var launcher = RunSettingsValues.FromTestArguments(["--", argument], Path.GetTempPath()).Parameters;

        Assert.Equal(launcher.ToDictionary(StringComparer.OrdinalIgnoreCase), MsBuildBridge(argument));
    }

    [Fact]
    public void MsBuildPattern_IsFoundInTheTargets()
    {
        Assert.StartsWith(@"^\s*TestRunParameters\.Parameter\(", TargetsPattern.ToString(), StringComparison.Ordinal);
    }

    private static readonly Regex TargetsPattern = new(
        XDocument.Load(RepositoryFolder.PathOf("build", "RunnerHarness.Xunit.Common.targets"))
            .Descendants("_RunnerHarnessParameterPattern").Single().Value,
        RegexOptions.CultureInvariant);

    // What the targets write (Regex.Replace to "$1=$2" for matching arguments) and RunParametersBridge reads (split at the first '=').
    private static Dictionary<string, string> MsBuildBridge(string argument)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (TargetsPattern.IsMatch(argument))
        {
            var line = TargetsPattern.Replace(argument, "$1=$2");
            var separator = line.IndexOf('=', StringComparison.Ordinal);
            if (separator > 0)
            {
                parameters[line[..separator].Trim()] = line[(separator + 1)..];
            }
        }

        return parameters;
    }
}
