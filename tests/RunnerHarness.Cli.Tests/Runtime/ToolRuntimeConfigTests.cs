using System.Text.Json;

namespace RunnerHarness.Cli.Tests.Runtime;

/// <summary>
/// The tiering settings the tool's <c>runner-harness.runtimeconfig.json</c> carries into its package: users run the tool
/// JIT-compiled, where the runtime's defaults made a report 1.24-1.35x slower than the ReadyToRun build
/// (docs/performance.md, "The JIT path users run"), and tier 1 for the methods called 1,000 times, not 30, saves the JIT's
/// CPU in both builds (docs/performance.md, "Report: rows numbered by their combination, tier 1 for the hot methods only").
/// </summary>
public sealed class ToolRuntimeConfigTests
{
    [Fact]
    public void RuntimeConfig_TheToolAsBuilt_TurnsOffDynamicPgoAndTheCallCountingDelayAndTiersUpAfterAThousandCalls()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = RepositoryFolder.PathOf("src", "RunnerHarness.Cli", "bin", framework.Parent!.Name, framework.Name, "runner-harness.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllBytes(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal("False", Setting(properties, path, "System.Runtime.TieredPGO"));
        Assert.Equal("0", Setting(properties, path, "System.Runtime.TieredCompilation.CallCountingDelayMs"));
        Assert.Equal("1000", Setting(properties, path, "System.Runtime.TieredCompilation.CallCountThreshold"));
    }

    private static string Setting(JsonElement properties, string path, string name) =>
        properties.TryGetProperty(name, out var value)
            ? value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean().ToString() : value.GetRawText()
            : throw new Xunit.Sdk.XunitException($"{path} sets no '{name}'");
}
