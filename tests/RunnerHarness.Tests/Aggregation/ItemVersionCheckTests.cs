using RunnerHarness.Aggregation;
using RunnerHarness.Schema;

namespace RunnerHarness.Tests.Aggregation;

/// <summary>Edited dataset items are found per batch: the same id in two batches' datasets is not an edit.</summary>
public sealed class ItemVersionCheckTests
{
    [Fact]
    public void Notes_AnItemWithTwoVersionsInOneBatch_NamesItsBatchVersionsAndCounts()
    {
        var check = new ItemVersionCheck();
        foreach (var record in new[] { Answer("Qa.Tests", "geo-capital-turkey", "3fa2c1d9e0b1"), Answer("Qa.Tests", "geo-capital-turkey", "3fa2c1d9e0b1"), Answer("Qa.Tests", "geo-capital-turkey", "9c41e07a2b55"), Answer("Qa.Tests", "math-percent", "0d1e2f3a4b5c") })
        {
            check.Add(record);
        }

        Assert.True(check.MayHaveChangedItems);
        Assert.Equal(
            ["the dataset item 'geo-capital-turkey' of Qa.Tests#QaBench.QaBatchTests.Answer was answered in 2 versions (3fa2c1d9e0b1: 2 records, 9c41e07a2b55: 1 records): its text changed under the same id; groups that hold it mix answers to different texts (filter or group by item_hash to keep them apart)."],
            check.Notes());
    }

    [Fact]
    public void Notes_TheSameIdInTwoBatchesDatasets_IsNoEdit_ButTheFirstPassWithoutBatchesAsksForASecond()
    {
        var records = new[] { Answer("Qa.Tests", "q1", "3fa2c1d9e0b1"), Answer("Trivia.Tests", "q1", "9c41e07a2b55") };
        var byBatch = new ItemVersionCheck();
        var firstPass = new ItemVersionCheck();
        foreach (var record in records)
        {
            byBatch.Add(record);
            firstPass.Add(new ResultRecord { Item = record.Item, ItemHash = record.ItemHash });
        }

        Assert.Empty(byBatch.Notes());
        Assert.False(byBatch.MayHaveChangedItems);
        Assert.True(firstPass.MayHaveChangedItems);
    }

    [Fact]
    public void Add_RecordsWithoutADatasetItem_AreIgnored()
    {
        var check = new ItemVersionCheck();
        check.Add(new ResultRecord { Assembly = "WorkflowBench", TestClass = "WorkflowBench.WorkflowBatchTests", TestMethod = "Workflow", Model = "sim-small" });

        Assert.False(check.MayHaveChangedItems);
        Assert.Empty(check.Notes());
    }

    private static ResultRecord Answer(string assembly, string item, string hash) => new()
    {
        Assembly = assembly,
        TestClass = "QaBench.QaBatchTests",
        TestMethod = "Answer",
        Model = "sim-medium",
        Item = item,
        ItemHash = hash,
        Outcome = TestOutcome.Passed,
    };
}
