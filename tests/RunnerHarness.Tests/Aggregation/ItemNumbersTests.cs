using RunnerHarness.Aggregation;
using RunnerHarness.Matrix;
using RunnerHarness.Schema;

namespace RunnerHarness.Tests.Aggregation;

public class ItemNumbersTests
{
    private static readonly IReadOnlySet<string> NoComparedAxes = new HashSet<string>(StringComparer.Ordinal);

    // Records that differ in every part of an item, in parts that are not (sample index, run, outcome), and in rates that
    // differ in their bits but format alike (0.8 and 0.80000001 are both "0.8"), with and without custom dimensions.
    private static List<ResultRecord> Records()
    {
        var records = new List<ResultRecord>();
        string?[] models = ["gpt-4o-mini", "claude-3-5-haiku", null];
        double?[] rates = [0.8, 0.80000001, 1.0, null];
        string?[] methods = ["Workflow_01", "Workflow_02", null];
        int?[] samples = [0, 1, null];
        foreach (var model in models)
        {
            foreach (var rate in rates)
            {
                foreach (var method in methods)
                {
                    foreach (var sample in samples)
                    {
                        foreach (var dimensions in new Dictionary<string, string>?[] { null, [], new() { ["dataset_split"] = "dev" } })
                        {
                            records.Add(new ResultRecord
                            {
                                RecordId = ResultRecord.NewRecordId(),
                                RunId = sample == 1 ? "run-2026-12-01" : "run-2026-12-02",
                                Assembly = method is null ? null : "WorkflowBench",
                                TestClass = "WorkflowBench.WorkflowBatchTests",
                                TestMethod = method,
                                Model = model,
                                Provider = model is null ? null : "openai",
                                PromptType = "cot",
                                Difficulty = "hard",
                                TaskType = "multi_step",
                                ToolSuccessRate = rate,
                                SampleIndex = sample,
                                Dimensions = dimensions,
                                Outcome = TestOutcome.Passed,
                            });
                        }
                    }
                }
            }
        }

        return records;
    }

    [Fact]
    public void Of_RecordsInAnyOrder_AreNumberedEqualExactlyWhenTheirItemKeysAreEqual()
    {
        var records = Records();
        foreach (var order in new[] { records, Enumerable.Reverse(records).ToList() })
        {
            var numbers = new ItemNumbers();
            var numbered = order.Select(r => (Key: CaseKey.ItemOf(r, NoComparedAxes), Number: numbers.Of(r))).ToList();

            var distinctKeys = numbered.Select(n => n.Key).Distinct(StringComparer.Ordinal).Count();
            Assert.Equal(distinctKeys, numbers.Count);
            Assert.Equal(distinctKeys, numbered.Select(n => n.Number).Distinct().Count());
            // Every key maps to one number and every number to one key.
            Assert.All(numbered.GroupBy(n => n.Key, StringComparer.Ordinal), g => Assert.Single(g.Select(n => n.Number).Distinct()));
            Assert.All(numbered.GroupBy(n => n.Number), g => Assert.Single(g.Select(n => n.Key).Distinct(StringComparer.Ordinal)));
        }
    }

    [Fact]
    public void Of_RatesThatFormatAlike_ShareAnItemAndSampleIndicesDoNotSplitIt()
    {
        var numbers = new ItemNumbers();
        var records = Records();
        ResultRecord Find(double? rate, int? sample) => records.First(r =>
            r.Model == "gpt-4o-mini" && r.TestMethod == "Workflow_01" && r.Dimensions is null && r.ToolSuccessRate == rate && r.SampleIndex == sample);

        var first = numbers.Of(Find(0.8, 0));

        Assert.Equal(first, numbers.Of(Find(0.80000001, 1)));
        Assert.Equal(first, numbers.Of(Find(0.8, null)));
        Assert.NotEqual(first, numbers.Of(Find(1.0, 0)));
        Assert.NotEqual(first, numbers.Of(Find(null, 0)));
    }
}
