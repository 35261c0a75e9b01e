using System.Text.Json;
using RunnerHarness.Aggregation;
using RunnerHarness.Store;

namespace RunnerHarness.Cli.Tests.Commands;

public class StoreMaintenanceCommandTests
{
    [Fact]
    public void Verify_CleanStore_ExitsZeroAndCountsRecords()
    {
        using var cli = new CliRun();

        var (code, output, _) = cli.Run("verify", "--store", cli.Store, "--json");

        Assert.Equal(ExitCodes.Success, code);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.True(json.GetProperty("clean").GetBoolean());
        Assert.Equal(80, json.GetProperty("distinct_records").GetInt64());
    }

    [Fact]
    public void Verify_DamagedFile_ExitsSevenNamesTheFileSaysWhatToDoAndDeletesNothing()
    {
        using var cli = new CliRun();
        var file = new StoreLayout(cli.Store).DataFiles().Single();
        File.AppendAllText(file, "{broken\n");
        var bytes = File.ReadAllBytes(file);

        var (code, output, _) = cli.Run("verify", "--store", cli.Store);

        Assert.Equal(ExitCodes.StoreDamaged, code);
        Assert.Contains("1 problems", output, StringComparison.Ordinal);
        Assert.Contains("CorruptFile", output, StringComparison.Ordinal);
        Assert.Contains("checksum", output, StringComparison.Ordinal);
        Assert.Contains("Restore it from a copy", output, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(file));
    }

    [Fact]
    public void Verify_MissingStore_ExitsThree()
    {
        using var cli = new CliRun();

        var (code, _, error) = cli.Run("verify", "--store", Path.Combine(cli.Directory, "nowhere"));

        Assert.Equal(ExitCodes.StoreUnavailable, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compact_TwoFiles_MergesIntoOne()
    {
        using var cli = new CliRun();
        var file = new StoreLayout(cli.Store).DataFiles().Single();
        File.Copy(file, Path.Combine(Path.GetDirectoryName(file)!, "copy.jsonl"));

        var (code, output, _) = cli.Run("compact", "--store", cli.Store, "--json");

        Assert.Equal(ExitCodes.Success, code);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2, json.GetProperty("files_merged").GetInt32());
        Assert.Equal(80, json.GetProperty("duplicates_removed").GetInt64());
        Assert.Single(new StoreLayout(cli.Store).DataFiles());
    }

    [Fact]
    public void Compact_BadTargetFormat_IsAUsageErrorNamingTheValue()
    {
        using var cli = new CliRun();

        var (code, _, error) = cli.Run("compact", "--store", cli.Store, "--to", "xml");

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("--to 'xml'", error, StringComparison.Ordinal);
        Assert.Contains("json, parquet", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("parquet")]
    [InlineData("json")]
    public void Migrate_ToFormat_LeavesOnlyThatFormatWithTheSameRecords(string format)
    {
        using var cli = new CliRun();
        var before = StoreFingerprint.Of(new StoreReader(new StoreLayout(cli.Store)));

        var (code, output, error) = cli.Run("migrate", "--store", cli.Store, "--to", format, "--json");

        Assert.True(code == ExitCodes.Success, error);
        Assert.True(JsonDocument.Parse(output).RootElement.GetProperty("verified").GetBoolean());
        var extension = format == "json" ? ".jsonl" : ".parquet";
        Assert.All(new StoreLayout(cli.Store).DataFiles(), f => Assert.EndsWith(extension, f, StringComparison.Ordinal));
        Assert.Equal(before, StoreFingerprint.Of(new StoreReader(new StoreLayout(cli.Store))));
    }

    [Fact]
    public void Import_MasterDatabaseExport_AddsReconstructedRecordsAndReportsThem()
    {
        using var source = new CliRun();
        var export = Path.Combine(source.Directory, "master_database.json");
        Assert.Equal(ExitCodes.Success, source.Run("export", "--store", source.Store, "--format", "master-database", "--output", export).ExitCode);
        var target = Path.Combine(source.Directory, "imported");

        var (code, output, _) = source.Run("import", export, "--kind", "master-database", "--store", target, "--run", "seed-history", "--json");

        Assert.Equal(ExitCodes.Success, code);
        var records = new StoreReader(new StoreLayout(target)).Read().ToList();
        Assert.Equal(JsonDocument.Parse(output).RootElement.GetProperty("records").GetInt64(), records.Count);
        Assert.All(records, r => Assert.True(r.Reconstructed));
        var original = new CumulativeAggregator(CumulativeGrouping.Default).AddRange(new StoreReader(new StoreLayout(source.Store)).Read()).Build().Totals;
        var rebuilt = new CumulativeAggregator(CumulativeGrouping.Default).AddRange(records).Build().Totals;
        Assert.Equal((original.Total, original.FullSuccess, original.PartialSuccess, original.Failed), (rebuilt.Total, rebuilt.FullSuccess, rebuilt.PartialSuccess, rebuilt.Failed));
    }

    [Fact]
    public void Import_UnknownKind_IsAUsageError()
    {
        using var cli = new CliRun();
        var input = Path.Combine(cli.Directory, "x.jsonl");
        File.WriteAllText(input, "{}\n");

        var (code, _, error) = cli.Run("import", input, "--kind", "csv", "--store", cli.Store);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("--kind 'csv'", error, StringComparison.Ordinal);
    }
}
