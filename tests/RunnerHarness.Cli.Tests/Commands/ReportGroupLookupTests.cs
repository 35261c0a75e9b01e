using System.Text;
using System.Text.Json;
using RunnerHarness.Aggregation;
using RunnerHarness.Cli.Commands;
using RunnerHarness.Reporting;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Tests.Reporting;

namespace RunnerHarness.Cli.Tests.Commands;

/// <summary>
/// <c>report</c> finds a record's groups in its three views and its trend tally with one lookup by the record's raw
/// grouping values (<see cref="ReportBuilder"/>); these prove it gives the report each view and the trends give by their
/// own lookups, a record at a time, over the same deduplicated read of real stores: ids repeated across files, a
/// conflicting copy, JSON Lines beside Parquet, filters, and groupings the shared lookup covers and ones it leaves to
/// each view (host, outcome).
/// </summary>
public class ReportGroupLookupTests
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "model,prompt_type,tool_success_rate,difficulty,task_type", "" },
        { "model,difficulty", "model=beta" },
        { "run_id,model,sample_index", "" },
        { "prompt_type,model", "run=run-2" },
        { "host,model", "" },
        { "outcome", "difficulty=hard" },
    };

    // SampleRecords sealed in Parquet, the same file copied in again (every id repeated across files), a conflicting
    // edited copy of one record, and a later run written as JSON Lines.
    private static CliRun MixedStore()
    {
        var cli = new CliRun(StorageFormat.Parquet);
        var file = new StoreLayout(cli.Store).DataFiles().Single();
        var name = Path.GetFileName(file);
        File.Copy(file, Path.Combine(Path.GetDirectoryName(file)!, "ci-07-4242-20261128T040000-0000" + name[name.IndexOf(".sha256_", StringComparison.Ordinal)..]));

        var original = SampleRecords.All().First(r => r.Outcome == TestOutcome.Passed);
        var edited = new ResultRecordBuilder(original)
        {
            FinishedAt = original.FinishedAt!.Value.AddMinutes(-5),
            Outcome = TestOutcome.Failed,
            SuccessLevel = SuccessLevel.Failure,
            ErrorCategory = ErrorCategory.ModelCategories[0],
        }.Build();
        using (var writer = RecordWriter.Open(new StoreLayout(cli.Store), SampleHoldings.Rule, StorageFormat.Parquet, "restored-2025"))
        {
            writer.Append(edited);
        }

        using (var writer = RecordWriter.Open(new StoreLayout(cli.Store), SampleHoldings.Rule, StorageFormat.Json, "run-3"))
        {
            var n = 0;
            foreach (var record in SampleRecords.All().Where(r => r.RunId == "run-2"))
            {
                // Beta's snapshot changed during the run: records of one cell under two model_ids, and some without one.
                var snapshot = record.Model != "beta" ? null : (n++ % 3) switch { 0 => "beta-2026-08-06", 1 => "beta-2026-11-20", _ => null };
                writer.Append(new ResultRecordBuilder(record)
                {
                    RecordId = ResultRecord.NewRecordId(),
                    RunId = "run-3",
                    FinishedAt = record.FinishedAt!.Value.AddDays(7),
                    ModelId = snapshot,
                    ToolSuccessRate = 0.80000001,
                    Host = "ci-07",
                }.Build());
            }
        }

        return cli;
    }

    private static RecordFilter Filter(string filter) => filter.Split('=') switch
    {
        ["run", var run] => new RecordFilter { RunIds = [run] },
        [var column, var value] => new RecordFilter { Dimensions = new Dictionary<string, IReadOnlyList<string>> { [column] = [value] } },
        _ => RecordFilter.None,
    };

    private static string Json(CumulativeView view) => ViewJson.Of(view);

    private static string Json(RunTrends trends) => string.Join("\n", trends.Models.SelectMany(m => m.Runs.Select(r =>
        $"{m.Model} {r.RunId} {r.SuccessRate.Count}/{r.SuccessRate.Total} {r.Change?.Test} {r.Change?.Pairs} {r.Change?.PValue:R} {r.AdjustedPValue:R}")));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Build_MixedStoreWithDuplicatesAndConflicts_GivesWhatEachViewsOwnLookupGivesToTheLastDigit(string grouping, string filter)
    {
        using var cli = MixedStore();
        var context = cli.Context();
        var dimensions = grouping.Split(',');

        var report = ReportCommand.Build(context, StoreRecords.Open(context, cli.Store), dimensions, Filter(filter), [], "Nightly");

        var view = new CumulativeAggregator(dimensions);
        var heatmap = new CumulativeAggregator([RecordColumns.Model, RecordColumns.PromptType]);
        var summary = new CumulativeAggregator([RecordColumns.Model, RecordColumns.Difficulty]);
        var trends = new RunTrendBuilder();
        var read = 0;
        foreach (var record in StoreRecords.Open(context, cli.Store).Read(null, Filter(filter)))
        {
            view.Add(record);
            heatmap.Add(record);
            summary.Add(record);
            trends.Add(record);
            read++;
        }

        Assert.Equal(Json(view.Build()), Json(report.View));
        Assert.Equal(Json(heatmap.Build()), Json(report.ModelByPromptType));
        Assert.Equal(Json(summary.Build()), Json(report.ModelByDifficulty));
        Assert.Equal(Json(trends.Build()), Json(report.Trends));
        Assert.Equal(read, report.View.Totals.Records);
        // The store holds 80 + 40 distinct ids; the copied file's and the edited copy's are each counted once.
        Assert.Equal(filter == "" ? 120 : read, report.View.Totals.Records);
    }
}
