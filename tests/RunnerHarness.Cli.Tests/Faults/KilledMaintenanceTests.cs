using System.Text.Json.Nodes;
using RunnerHarness.Tests;
using Xunit.Abstractions;

namespace RunnerHarness.Cli.Tests.Faults;

/// <summary>
/// <c>compact</c>, <c>migrate</c> and <c>import</c> killed with SIGKILL at a seeded point of their file operations:
/// after the next maintenance command nothing is lost, nothing is doubled, nothing changed, and the store verifies
/// clean. Everything runs through the tool's command line: the killed command as a process of its own (killed as a user's
/// is), the commands after it in process (<see cref="InProcessTool"/>), as the next command a user runs would find the store.
/// </summary>
public sealed class KilledMaintenanceTests(MaintenanceStore store, ITestOutputHelper output) : IClassFixture<MaintenanceStore>
{
    [Theory]
    [InlineData("compact", 1)]
    [InlineData("compact", 2)]
    [InlineData("migrate-parquet", 1)]
    [InlineData("migrate-parquet", 2)]
    [InlineData("migrate-json", 1)]
    [InlineData("migrate-json", 2)]
    [InlineData("import", 1)]
    [InlineData("import", 2)]
    public async Task Maintenance_KilledAtASeededFileEvent_NextCommandsLoseNothingDoubleNothingAndVerifyClean(string command, int seed)
    {
        using var directory = new TemporaryDirectory();
        var copy = Path.Combine(directory.Path, "store");
        MaintenanceStore.Copy(store.Path, copy);
        var killAt = new Random(seed * 31 + command.Length).Next(1, 16);
        string[] args = command switch
        {
            "compact" => ["compact", "--to", "parquet", "--records-per-file", "700"],
            "migrate-parquet" => ["migrate", "--to", "parquet"],
            "migrate-json" => ["migrate", "--to", "json"],
            "import" => ["import", store.LateImport, "--kind", "jsonl", "--format", "parquet", "--run", "late-import"],
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "not a maintenance command of this test"),
        };

        var killed = await CliProcess.RunAndKillAtAsync(copy, killAt, [.. args, "--store", copy]);
        output.WriteLine($"{string.Join(' ', args)}: {(killed ? $"killed at file event {killAt}" : "finished before file event " + killAt)}");

        var expected = new Dictionary<string, JsonNode>(store.Baseline, StringComparer.Ordinal);
        if (command == "import")
        {
            Succeed(["import", store.LateImport, "--kind", "jsonl", "--format", "parquet", "--run", "late-import", "--store", copy]);
            foreach (var (id, record) in store.LateRecords)
            {
                expected[id] = record;
            }
        }

        Succeed(["compact", "--store", copy]);
        Succeed(["verify", "--store", copy]);
        var actual = await MaintenanceStore.ExportAsync(copy, directory.Path);

        Assert.Equal(actual.Count, actual.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.All(actual, r => Assert.True(JsonNode.DeepEquals(expected[r.Id], r.Record), $"record {r.Id} changed: {r.Record.ToJsonString()}"));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(8)]
    public async Task Import_KilledWhileWritingSealedFilesDirectly_ShowsAllOrNoneOfItsRecordsAndReimportAddsEachOnce(int killAt)
    {
        // Issue 25: import writes its sealed files directly, with no write-ahead log to recover from. Killed at any file
        // event of that write, the store shows the 500 imported records all (the file was renamed into place) or none
        // (it was still under tmp/), never part of them; importing again then adds each record once.
        using var directory = new TemporaryDirectory();
        var copy = Path.Combine(directory.Path, "store");
        MaintenanceStore.Copy(store.Path, copy);
        string[] import = ["import", store.LateImport, "--kind", "jsonl", "--format", "parquet", "--run", "late-import", "--store", copy];

        var killed = await CliProcess.RunAndKillAtAsync(copy, killAt, import);
        output.WriteLine(killed ? $"import killed at file event {killAt}" : $"import finished before file event {killAt}");

        var visible = (await MaintenanceStore.ExportAsync(copy, directory.Path)).Count(r => !store.Baseline.ContainsKey(r.Id));
        Assert.True(visible == 0 || visible == store.LateRecords.Count, $"a killed import left {visible} of its {store.LateRecords.Count} records visible");
        Succeed(import);
        Succeed(["compact", "--store", copy]);
        Succeed(["verify", "--store", copy]);
        var actual = await MaintenanceStore.ExportAsync(copy, directory.Path);
        Assert.Equal(actual.Count, actual.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(store.Baseline.Count + store.LateRecords.Count, actual.Count);
        Assert.All(actual, r => Assert.True(JsonNode.DeepEquals(store.Baseline.GetValueOrDefault(r.Id) ?? store.LateRecords[r.Id], r.Record), $"record {r.Id} changed"));
    }

    private static void Succeed(string[] args)
    {
        var (exitCode, text) = InProcessTool.Run(args);
        Assert.True(exitCode == 0, $"runner-harness {string.Join(' ', args)} exited {exitCode}: {text}");
    }
}
