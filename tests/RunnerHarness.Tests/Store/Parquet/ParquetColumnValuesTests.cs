using RunnerHarness.Schema;
using RunnerHarness.Store.Parquet;
using Xunit;

namespace RunnerHarness.Tests.Store.Parquet;

public sealed class ParquetColumnValuesTests
{
    [Fact]
    public void Rows_OfStructValuesForAShorterRowGroup_ReuseTheArrayWithEveryEntryNull()
    {
        var values = new ParquetStructValues<double>((record, value) => record.FinalScore = value);
        var first = values.Rows(5);
        first.AsSpan().Fill(0.6875);

        var second = values.Rows(3);

        Assert.Same(first, second);
        Assert.All(second, value => Assert.Null(value));
    }

    [Fact]
    public void Rows_OfObjectValuesForAShorterRowGroup_ReuseTheArrayWithEveryEntryNull()
    {
        var values = new ParquetObjectValues<string>((record, value) => record.Model = value);
        var first = values.Rows(4);
        first.AsSpan().Fill("gpt-4o-mini");

        var second = values.Rows(2);

        Assert.Same(first, second);
        Assert.All(second, Assert.Null);
    }

    [Fact]
    public void Rows_ForALongerRowGroup_GiveANewArrayOfThatLength()
    {
        var values = new ParquetStructValues<int>((record, value) => record.SampleIndex = value);
        var first = values.Rows(2);

        var second = values.Rows(6);

        Assert.NotSame(first, second);
        Assert.Equal(6, second.Length);
    }

    [Fact]
    public void Apply_AfterAShorterRowGroup_SetsOnlyThatRowGroupsValues()
    {
        var values = new ParquetObjectValues<string>((record, value) => record.Model = value);
        var first = values.Rows(3);
        first[0] = "claude-3-5-sonnet";
        first[1] = "gpt-4o-mini";
        var second = values.Rows(2);
        second[1] = "llama-3.1-70b";
        var builder = new ResultRecordBuilder();

        values.Apply(builder, 0);
        var nullRow = builder.BuildRead();
        builder.Reset();
        values.Apply(builder, 1);
        var setRow = builder.BuildRead();

        Assert.Null(nullRow.Model);
        Assert.Equal("llama-3.1-70b", setRow.Model);
    }
}
