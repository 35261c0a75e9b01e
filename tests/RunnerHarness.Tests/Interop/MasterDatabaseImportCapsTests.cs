using RunnerHarness.Interop;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Tests.Interop;

/// <summary>A master database cannot make an import write more than its caps allow, overflow, or carry absurd values into records.</summary>
public sealed class MasterDatabaseImportCapsTests : IDisposable
{
    private const string Leaf = """{"models":{"m":{"by_prompt_type":{"p":{"by_tool_success_rate":{"0.8":{"by_difficulty":{"easy":{"by_task_type":{LEAVES}}}}}}}}}}""";
    private readonly TemporaryDirectory _directory = new();
    private readonly StoreLayout _layout;

    public MasterDatabaseImportCapsTests() => _layout = new StoreLayout(Path.Combine(_directory.Path, "store"));

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Import_TwoHundredBytesAskingForThreeMillionRecords_IsRefusedNamingTheCapAndWritesNothing()
    {
        var input = Write("""
            "simple_task":{"total":3000000,"full_success":3000000,"partial_success":0,"failed":0}
            """);

        var error = Assert.Throws<FormatException>(() => new MasterDatabaseImporter(_layout).Import(input, "r", StorageFormat.Json));

        Assert.Contains("3000000 records, above the import limit of 1000000", error.Message, StringComparison.Ordinal);
        Assert.Contains("--max-records", error.Message, StringComparison.Ordinal);
        Assert.Empty(_layout.DataFiles());
    }

    [Fact]
    public void Import_TotalsThatOverflowWhenSummed_AreRefused()
    {
        var input = Write("""
            "a":{"total":9000000000000000000,"full_success":9000000000000000000,"partial_success":0,"failed":0},
            "b":{"total":9000000000000000000,"full_success":9000000000000000000,"partial_success":0,"failed":0}
            """);

        var error = Assert.Throws<FormatException>(() => new MasterDatabaseImporter(_layout).Import(input, "r", StorageFormat.Json, new MasterDatabaseImportLimits { MaxRecords = long.MaxValue }));

        Assert.Contains("more than 2^63", error.Message, StringComparison.Ordinal);
        Assert.Empty(_layout.DataFiles());
    }

    [Fact]
    public void Import_NegativeCountAndAbsurdRate_AreRefusedNamingTheirJsonPaths()
    {
        var input = Write("""
            "simple_task":{"total":4,"full_success":5,"partial_success":-1,"failed":0,"tool_coverage_rate":7.5,"avg_execution_time":-3}
            """);

        var error = Assert.Throws<FormatException>(() => new MasterDatabaseImporter(_layout).Import(input, "r", StorageFormat.Json));

        const string at = "$.models[\"m\"].by_prompt_type[\"p\"].by_tool_success_rate[\"0.8\"].by_difficulty[\"easy\"].by_task_type[\"simple_task\"]";
        Assert.Contains(at + ".partial_success = -1: a count cannot be negative", error.Message, StringComparison.Ordinal);
        Assert.Contains(at + ".tool_coverage_rate = 7.5", error.Message, StringComparison.Ordinal);
        Assert.Contains(at + ".avg_execution_time = -3", error.Message, StringComparison.Ordinal);
        Assert.Empty(_layout.DataFiles());
    }

    [Fact]
    public void Import_FileLargerThanTheCap_IsRefusedBeforeItIsParsed()
    {
        var input = Write("""
            "simple_task":{"total":1,"full_success":1,"partial_success":0,"failed":0}
            """);

        var error = Assert.Throws<FormatException>(() => new MasterDatabaseImporter(_layout).Import(input, "r", StorageFormat.Json, new MasterDatabaseImportLimits { MaxFileBytes = 64 }));

        Assert.Contains("above the import limit of 64 bytes", error.Message, StringComparison.Ordinal);
    }

    private string Write(string leaves)
    {
        var path = Path.Combine(_directory.Path, "master_database.json");
        File.WriteAllText(path, Leaf.Replace("LEAVES", leaves, StringComparison.Ordinal));
        return path;
    }
}
