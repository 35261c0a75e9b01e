using System.Text.Json;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Cli.Tests.Commands;

public abstract class ExportCommandTests(StorageFormat format)
{
    /// <summary>The format the store under test is sealed in.</summary>
    protected StorageFormat Format { get; } = format;

    [Fact]
    public void Export_JsonLines_ReadsBackAsTheSameRecords()
    {
        using var cli = new CliRun(Format);
        var copy = Path.Combine(cli.Directory, "copy");
        var path = Path.Combine(copy, "data", "export.jsonl");

        var (code, output, _) = cli.Run("export", "--store", cli.Store, "--format", "jsonl", "--output", path, "--json");

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(80, JsonDocument.Parse(output).RootElement.GetProperty("records").GetInt64());
        var original = new StoreReader(new StoreLayout(cli.Store)).Read().Select(r => r.RecordId).Order().ToArray();
        var exported = new StoreReader(new StoreLayout(copy)).Read().Select(r => r.RecordId).Order().ToArray();
        Assert.Equal(original, exported);
    }

    [Fact]
    public void Export_PartitionedJsonLines_OneFolderPerModel()
    {
        using var cli = new CliRun(Format);
        var dataset = Path.Combine(cli.Directory, "dataset");

        var (code, _, _) = cli.Run("export", "--store", cli.Store, "--format", "jsonl", "--partition-by", "model", "--output", dataset);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(["model=alpha", "model=beta"], Directory.GetDirectories(dataset).Select(Path.GetFileName).Order());
        Assert.Equal(40, File.ReadLines(Path.Combine(dataset, "model=beta", "part-00000.jsonl")).Count());
    }

    [Fact]
    public void Export_Csv_HeaderNamesEveryColumn()
    {
        using var cli = new CliRun(Format);
        var path = Path.Combine(cli.Directory, "records.csv");

        var (code, _, _) = cli.Run("export", "--store", cli.Store, "--format", "csv", "--model", "alpha", "--output", path);

        Assert.Equal(ExitCodes.Success, code);
        var lines = File.ReadAllLines(path);
        Assert.Equal(string.Join(',', RecordSchema.ColumnNames), lines[0]);
        Assert.Equal(41, lines.Length);
    }

    [Fact]
    public void Export_MasterDatabase_HasTheSeedHierarchy()
    {
        using var cli = new CliRun(Format);
        var path = Path.Combine(cli.Directory, "master_database.json");

        var (code, _, _) = cli.Run("export", "--store", cli.Store, "--format", "master-database", "--output", path);

        Assert.Equal(ExitCodes.Success, code);
        var root = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        var leaf = root.GetProperty("models").GetProperty("alpha").GetProperty("by_prompt_type").GetProperty("baseline")
            .GetProperty("by_tool_success_rate").GetProperty("0.8").GetProperty("by_difficulty").GetProperty("easy")
            .GetProperty("by_task_type").GetProperty("simple_task");
        Assert.Equal(10, leaf.GetProperty("total").GetInt64());
        Assert.Equal(76, root.GetProperty("summary").GetProperty("total_tests").GetInt64());
        Assert.Equal("2025-08-15T09:30:00.0000000+00:00", root.GetProperty("last_updated").GetString());
    }

    [Fact]
    public void Export_ExistingFileWithoutForce_ExitsUsageError()
    {
        using var cli = new CliRun(Format);
        var path = Path.Combine(cli.Directory, "x.jsonl");
        File.WriteAllText(path, "keep");

        var (code, _, _) = cli.Run("export", "--store", cli.Store, "--format", "jsonl", "--output", path);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal("keep", File.ReadAllText(path));
    }

    [Fact]
    public void Export_Parquet_ReadsBackAsTheSameRecords()
    {
        using var cli = new CliRun(Format);
        var path = Path.Combine(cli.Directory, "copy", "data", "x.parquet");

        var (code, _, error) = cli.Run("export", "--store", cli.Store, "--format", "parquet", "--output", path);

        Assert.True(code == ExitCodes.Success, error);
        var original = StoreFingerprint.Of(new StoreReader(new StoreLayout(cli.Store)));
        Assert.Equal(original, StoreFingerprint.Of(new StoreReader(new StoreLayout(Path.Combine(cli.Directory, "copy")))));
    }

    /// <summary>The commands on a JSON Lines store.</summary>
    public sealed class JsonLines() : ExportCommandTests(StorageFormat.Json);

    /// <summary>The commands on a Parquet store, whose reader reads only the projected columns: a command that under-declares its projection fails here.</summary>
    public sealed class Parquet() : ExportCommandTests(StorageFormat.Parquet);
}
