using System.Runtime.CompilerServices;
using RunnerHarness.Schema;
using RunnerHarness.Tests.Store.Parquet;
using Xunit;

namespace RunnerHarness.Tests.Schema;

public sealed class ResultRecordBuilderTests
{
    private static readonly DateTime Started = new(2026, 11, 28, 9, 14, 3, DateTimeKind.Utc);

    [Fact]
    public void ResultRecord_EveryProperty_IsInitOnly()
    {
        var settable = typeof(ResultRecord).GetProperties()
            .Where(p => p.SetMethod is { } set && !set.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)))
            .Select(p => p.Name);

        Assert.Empty(settable);
    }

    [Fact]
    public void Builder_FromARecordWithEveryColumnSet_BuildsAnEqualRecord()
    {
        var original = TestRecords.EveryColumnSet();

        var copy = new ResultRecordBuilder(original).Build();

        Assert.Equal(ParquetTestFile.Json(original), ParquetTestFile.Json(copy));
        Assert.NotSame(original.Dimensions, copy.Dimensions);
        Assert.NotSame(original.Metrics, copy.Metrics);
        Assert.NotSame(original.Traits, copy.Traits);
    }

    [Fact]
    public void Reset_AfterEveryColumnAndStepWasSet_BuildsWhatANewBuilderBuilds()
    {
        // The Parquet reader reuses one builder for every row, so a field Reset misses would leak into the next row.
        var reused = new ResultRecordBuilder(TestRecords.EveryColumnSet())
            .SetTestFailure("Xunit.Sdk.TrueException", "Assert.True() Failure")
            .SetCountedUsage(1_200, 340, [new("cost_usd", 0.0042)])
            .SetInfrastructureFailure(ErrorCategory.RateLimited, "429 Too Many Requests from api.openai.com");

        var afterReset = reused.Reset();
        afterReset.RecordId = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
        var fresh = new ResultRecordBuilder { RecordId = afterReset.RecordId };

        Assert.Equal(ParquetTestFile.Json(fresh.Build()), ParquetTestFile.Json(afterReset.Build()));
    }

    [Fact]
    public void Build_MessageSetAndTestFailure_KeepsTheSetMessageAheadOfTheException()
    {
        var builder = Failed();
        var fromException = builder.Build();
        builder.ErrorMessage = "The model called 'transform' before 'fetch_data'.";

        var fromContext = builder.Build();

        Assert.Equal("Assert.Equal() Failure: Values differ", fromException.ErrorMessage);
        Assert.Equal("The model called 'transform' before 'fetch_data'.", fromContext.ErrorMessage);
        Assert.Equal("Xunit.Sdk.EqualException", fromContext.ExceptionType);
    }

    [Fact]
    public void Build_InfrastructureFailureRecordedBeforeTheTestsVerdict_StillWins()
    {
        var builder = new ResultRecordBuilder { TestClass = "WorkflowBench.ToolUseBatch", TestMethod = "Run" };
        builder.SetInfrastructureFailure(ErrorCategory.RateLimited, "429 Too Many Requests from openai after 3 retries");
        builder.Outcome = TestOutcome.Passed;
        builder.SuccessLevel = SuccessLevel.FullSuccess;
        builder.ErrorCategory = ErrorCategory.ToolSelection;
        builder.ErrorMessage = "The model misused a tool.";

        var record = builder.Build();

        Assert.Equal(TestOutcome.Failed, record.Outcome);
        Assert.Null(record.SuccessLevel);
        Assert.Equal(ErrorCategory.RateLimited, record.ErrorCategory);
        Assert.Equal("429 Too Many Requests from openai after 3 retries", record.ErrorMessage);
    }

    [Fact]
    public void Build_CountedUsage_FillsOnlyWhatTheTestLeftUnset()
    {
        var builder = new ResultRecordBuilder { InputTokens = 1200, Metrics = new(StringComparer.Ordinal) { ["latency_ms"] = 950.5 } };
        builder.SetCountedUsage(1834, 412, [KeyValuePair.Create("latency_ms", 1210.0), KeyValuePair.Create("requests", 3.0)]);

        var record = builder.Build();

        Assert.Equal(1200, record.InputTokens);
        Assert.Equal(412, record.OutputTokens);
        Assert.Equal(950.5, record.Metrics!["latency_ms"]);
        Assert.Equal(3.0, record.Metrics["requests"]);
        Assert.False(builder.Metrics.ContainsKey("requests"));
    }

    [Fact]
    public void Build_CountedUsageWithoutMetrics_GivesAnEmptyMetricsMap()
    {
        var record = new ResultRecordBuilder().SetCountedUsage(null, null, []).Build();

        Assert.NotNull(record.Metrics);
        Assert.Empty(record.Metrics);
        Assert.Null(new ResultRecordBuilder().Build().Metrics);
    }

    [Fact]
    public void Build_WithoutAnId_DrawsOneTimeOrderedIdPerRecord()
    {
        var builder = Failed();

        var first = builder.Build();
        var second = builder.Build();

        Assert.Equal(7, Guid.Parse(first.RecordId).Version);
        Assert.NotEqual(first.RecordId, second.RecordId);
        Assert.Null(builder.RecordId);
        Assert.Equal(first.RecordId, first.RecordId);
    }

    [Fact]
    public void Build_WithAnId_KeepsIt()
    {
        var builder = Failed();
        builder.RecordId = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

        Assert.Equal("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", builder.Build().RecordId);
    }

    [Fact]
    public void Build_ThenChangingTheBuilder_DoesNotReachTheBuiltRecord()
    {
        var builder = Failed();
        builder.Dimensions = new(StringComparer.Ordinal) { ["temperature"] = "0.2" };
        builder.Metrics = new(StringComparer.Ordinal) { ["latency_ms"] = 950.5 };
        builder.Traits = new(StringComparer.Ordinal) { ["Category"] = "smoke" };
        var record = builder.Build();

        builder.Dimensions["temperature"] = "0.9";
        builder.Metrics["latency_ms"] = 1.0;
        builder.Traits.Add("Owner", "evals");
        builder.Model = "gpt-5-mini";
        builder.SetInfrastructureFailure(ErrorCategory.Timeout, "timed out");

        Assert.Equal("0.2", record.Dimensions!["temperature"]);
        Assert.Equal(950.5, record.Metrics!["latency_ms"]);
        Assert.Equal(["Category"], record.Traits!.Keys);
        Assert.Equal("gpt-4o-mini", record.Model);
        Assert.Equal(TestOutcome.Failed, record.Outcome);
        Assert.Equal(ErrorCategory.SequenceOrder, record.ErrorCategory);
    }

    [Fact]
    public void SetInfrastructureFailure_UnknownCategory_IsRefusedNamingTheValidOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => new ResultRecordBuilder().SetInfrastructureFailure("rate-limit", null));

        Assert.Contains("'rate-limit'", error.Message, StringComparison.Ordinal);
        Assert.Contains(ErrorCategory.RateLimited, error.Message, StringComparison.Ordinal);
    }

    private static ResultRecordBuilder Failed() => new ResultRecordBuilder
    {
        TestClass = "WorkflowBench.ToolUseBatch",
        TestMethod = "Run",
        Outcome = TestOutcome.Failed,
        StartedAt = Started,
        FinishedAt = Started.AddSeconds(4.2),
        Model = "gpt-4o-mini",
        ErrorCategory = ErrorCategory.SequenceOrder,
    }.SetTestFailure("Xunit.Sdk.EqualException", "Assert.Equal() Failure: Values differ");
}
