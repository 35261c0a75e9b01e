using RunnerHarness.Matrix;
using RunnerHarness.Settings;

namespace RunnerHarness.Cli.Tests.Commands;

/// <summary>
/// The axis options follow the record's axis declarations: <c>run</c> has one per axis a run may filter, the reporting
/// commands one per axis a matrix lists, each named after the axis's column; a declared axis without its option fails here.
/// </summary>
public sealed class AxisOptionTests
{
    [Fact]
    public void RunHelp_EachAxisARunFilters_HasItsOptionNamedAfterTheColumn()
    {
        using var cli = new CliRun();

        var (code, output, _) = cli.Run("run", "--help");

        Assert.Equal(ExitCodes.Success, code);
        Assert.NotEmpty(MatrixFilter.Axes);
        Assert.All(MatrixFilter.Axes, axis => Assert.Contains($"--{axis.Column.Replace('_', '-')} <", output, StringComparison.Ordinal));
        Assert.DoesNotContain("--flaw-type <", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("report")]
    [InlineData("export")]
    public void ReportingHelp_EachAxisAMatrixLists_HasItsFilterNamedAfterTheColumn(string command)
    {
        using var cli = new CliRun();

        var (code, output, _) = cli.Run(command, "--help");

        Assert.Equal(ExitCodes.Success, code);
        Assert.All(MatrixDefinition.ListedAxes, axis => Assert.Contains($"--{axis.Column.Replace('_', '-')} <", output, StringComparison.Ordinal));
    }
}
