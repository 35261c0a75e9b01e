using RunnerHarness.Tests;
using RunnerHarness.Settings;
using RunnerHarness.Xunit.Configuration;

namespace RunnerHarness.Xunit.Tests.Configuration;

/// <summary>What a test host takes from the bridge file its run names in RUNNER_HARNESS_RUN_PARAMETERS_FILE.</summary>
public sealed class RunParametersBridgeTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 12, 7, 15, 30, 0, DateTimeKind.Utc);

    private readonly TemporaryDirectory _directory = new();
    private readonly List<string> _notes = [];

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Read_FileNamedByTheVariable_CommandLineLineWinsOverTheSettingsFileLine()
    {
        var file = Write("StorageFormat=json", "StorePath=/data/evals/settings-store", "StorePath=/data/evals/cli-store", "#written-utc=2026-12-07T15:29:58.1234567Z");

        var parameters = Read(file);

        Assert.Equal("json", parameters["storageformat"]);
        Assert.Equal("/data/evals/cli-store", parameters["StorePath"]);
        Assert.Equal([$"RunnerHarness: runsettings TestRunParameters StorageFormat, StorePath received through {file}."], _notes);
    }

    [Fact]
    public void Read_NoVariable_NoParametersEvenBesideAnOldSharedFile()
    {
        // What versions before the per-run file left beside the assembly: never read now.
        File.WriteAllLines(Path.Combine(_directory.Path, "runner-harness.runparameters"), ["StorageFormat=parquet", "#written-utc=2026-12-07T15:29:58Z"]);

        Assert.Empty(RunParametersBridge.Read(_ => null, Now, _notes.Add));
        Assert.Empty(_notes);
    }

    [Fact]
    public void Read_NamedFileMissing_FailsNamingTheFileAndTheVariable()
    {
        var file = Path.Combine(_directory.Path, "3f9c2a7be1d04c55a8e6f0b1c2d3e4f5.runparameters");

        var error = Assert.Throws<HarnessSettingsException>(() => Read(file));

        Assert.Contains($"RUNNER_HARNESS_RUN_PARAMETERS_FILE names the runsettings parameters file {file}, which does not exist", error.Message, StringComparison.Ordinal);
        Assert.Empty(_notes);
    }

    [Fact]
    public void Read_FileOlderThanMaxAge_FailsNamingWhenItWasWritten()
    {
        var file = Write("StorageFormat=parquet", "#written-utc=2026-12-07T15:19:59Z");

        var error = Assert.Throws<HarnessSettingsException>(() => Read(file));

        Assert.Contains($"the runsettings parameters file {file}, named by RUNNER_HARNESS_RUN_PARAMETERS_FILE, was written 2026-12-07T15:19:59Z, more than 10 minutes before", error.Message, StringComparison.Ordinal);
    }

    private IReadOnlyDictionary<string, string> Read(string file) =>
        RunParametersBridge.Read(name => name == RunParametersBridge.EnvironmentVariable ? file : null, Now, _notes.Add);

    private string Write(params string[] lines)
    {
        var file = Path.Combine(_directory.Path, "a41d8e0c5b7f4f2e9c3a6b1d0e2f4a8c.runparameters");
        File.WriteAllLines(file, lines);
        return file;
    }
}
