using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using static RunnerHarness.Tests.Aggregation.RecordFactory;

namespace RunnerHarness.Tests.Aggregation;

public class SampleProgressTrackerTests
{
    [Fact]
    public void Build_MixedRecords_CountsOnlyModelResultsOncePerSample()
    {
        var tracker = new SampleProgressTracker([RecordColumns.Model]);
        tracker.Add(Make(TestOutcome.Passed, sampleIndex: 0));
        tracker.Add(Make(TestOutcome.Failed, sampleIndex: 1));
        tracker.Add(Make(TestOutcome.Passed, sampleIndex: 1)); // the same sample again: held once
        tracker.Add(Make(TestOutcome.Skipped, sampleIndex: 2));
        tracker.Add(Make(TestOutcome.Failed, category: ErrorCategory.ProviderError, sampleIndex: 3));

        var cell = Assert.Single(tracker.Build(target: 5));

        Assert.Equal(2, cell.Held);
        Assert.Equal(3, cell.ToRun);
        Assert.Equal(2, cell.NotCounted);
        Assert.Equal([2, 3, 4], cell.MissingSampleIndices);
    }

    [Fact]
    public void Build_ExpectedCellWithoutRecords_NeedsTheWholeTarget()
    {
        var tracker = new SampleProgressTracker([RecordColumns.Model]);
        tracker.Add(Make(TestOutcome.Passed, model: "a", sampleIndex: 0));

        var cells = tracker.Build(target: 2, expectedCells: [["a"], ["b"]]);

        Assert.Equal([("a", 1L, 1L), ("b", 0L, 2L)], cells.Select(c => (c.Key[0], c.Held, c.ToRun)));
    }

    [Fact]
    public void Build_TwoBatchesShareTheGroupedValues_EachCellNeedsTheTarget()
    {
        var tracker = new SampleProgressTracker([RecordColumns.Model]);
        tracker.Add(Make(TestOutcome.Passed, sampleIndex: 0, caseKey: "Bench.First|model=m|#0"));
        tracker.Add(Make(TestOutcome.Passed, sampleIndex: 1, caseKey: "Bench.First|model=m|#1"));
        tracker.Add(Make(TestOutcome.Failed, sampleIndex: 0, caseKey: "Bench.Second|model=m|#0"));
        tracker.Add(Make(TestOutcome.Skipped, sampleIndex: 1, caseKey: "Bench.Second|model=m|#1"));

        var group = Assert.Single(tracker.Build(target: 2));

        Assert.Equal((2, 3L, 4L, 1L, 1L), (group.Cells, group.Held, group.Target, group.ToRun, group.NotCounted));
        Assert.False(group.IsComplete);
        Assert.Equal([1], group.MissingSampleIndices);
    }

    [Fact]
    public void Build_RecordsWithoutSampleIndex_CountDistinctCaseKeys()
    {
        var tracker = new SampleProgressTracker([RecordColumns.Model]);
        tracker.Add(Make(TestOutcome.Passed, caseKey: "k1"));
        tracker.Add(Make(TestOutcome.Passed, caseKey: "k1"));
        tracker.Add(Make(TestOutcome.Passed, caseKey: "k2"));

        var cell = Assert.Single(tracker.Build(target: 3));

        Assert.Equal(2, cell.Held);
        Assert.Empty(cell.MissingSampleIndices);
    }
}
