using System.Text.Json;
using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using static RunnerHarness.Tests.Aggregation.RecordFactory;

namespace RunnerHarness.Tests.Aggregation;

public class MasterDatabaseWriterTests
{
    private static JsonElement Export(IEnumerable<ResultRecord> records)
    {
        using var stream = new MemoryStream();
        MasterDatabaseWriter.Write(records, stream, new DateTimeOffset(2025, 8, 1, 12, 0, 0, TimeSpan.Zero));
        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    [Fact]
    public void Write_Records_LeafSitsAtTheSeedPathWithSeedFieldNames()
    {
        var root = Export(
        [
            Make(TestOutcome.Passed, SuccessLevel.FullSuccess, model: "gpt-4o-mini", prompt: "optimal", rate: 0.8, difficulty: "easy", task: "simple_task", durationMs: 2000),
            Make(TestOutcome.Passed, SuccessLevel.PartialSuccess, model: "gpt-4o-mini", prompt: "optimal", rate: 0.8, difficulty: "easy", task: "simple_task", durationMs: 4000),
            Make(TestOutcome.Failed, null, ErrorCategory.Timeout, model: "gpt-4o-mini", prompt: "optimal", rate: 0.8, difficulty: "easy", task: "simple_task"),
            Make(TestOutcome.Failed, null, ErrorCategory.RateLimited, model: "gpt-4o-mini", prompt: "optimal", rate: 0.8, difficulty: "easy", task: "simple_task"),
        ]);

        var leaf = root.GetProperty("models").GetProperty("gpt-4o-mini").GetProperty("by_prompt_type").GetProperty("optimal")
            .GetProperty("by_tool_success_rate").GetProperty("0.8").GetProperty("by_difficulty").GetProperty("easy")
            .GetProperty("by_task_type").GetProperty("simple_task");

        Assert.Equal("3.0", root.GetProperty("version").GetString());
        Assert.Equal(3, leaf.GetProperty("total").GetInt64());
        Assert.Equal(2, leaf.GetProperty("success").GetInt64());
        Assert.Equal(1, leaf.GetProperty("full_success").GetInt64());
        Assert.Equal(1, leaf.GetProperty("partial_success").GetInt64());
        Assert.Equal(1, leaf.GetProperty("partial").GetInt64());
        Assert.Equal(1, leaf.GetProperty("failed").GetInt64());
        Assert.Equal(2.0 / 3, leaf.GetProperty("success_rate").GetDouble(), 12);
        Assert.Equal(0.5, leaf.GetProperty("weighted_success_score").GetDouble(), 12);
        Assert.Equal(3.0, leaf.GetProperty("avg_execution_time").GetDouble(), 12); // seconds, as the seed stored it
        Assert.Equal(1, leaf.GetProperty("total_errors").GetInt64());
        Assert.Equal(1, leaf.GetProperty("timeout_errors").GetInt64());
        Assert.Equal(1.0, leaf.GetProperty("timeout_error_rate").GetDouble(), 12);
        Assert.Equal(0.0, leaf.GetProperty("parameter_error_rate").GetDouble(), 12);
        Assert.Equal(1, leaf.GetProperty("infrastructure_failures").GetInt64());
        var summary = root.GetProperty("summary");
        Assert.Equal(3, summary.GetProperty("total_tests").GetInt64());
        Assert.Equal(2, summary.GetProperty("total_success").GetInt64());
        Assert.Equal(["gpt-4o-mini"], summary.GetProperty("models_tested").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2.0 / 3, summary.GetProperty("overall_success_rate").GetDouble(), 12);
    }

    [Fact]
    public void Write_OtherGrouping_Throws()
    {
        var view = new CumulativeAggregator([RecordColumns.Model]).Build();

        Assert.Throws<ArgumentException>(() => MasterDatabaseWriter.Write(view, Stream.Null, DateTimeOffset.UnixEpoch));
    }
}
