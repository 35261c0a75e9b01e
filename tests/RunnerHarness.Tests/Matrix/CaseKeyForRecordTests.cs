using RunnerHarness.Matrix;
using RunnerHarness.Schema;

namespace RunnerHarness.Tests.Matrix;

/// <summary>
/// <see cref="CaseKey.ForRecord"/> reads a record's axes straight into the key; the store's planning depends on the key
/// being byte for byte the key of the record's <see cref="MatrixSample"/>, as it was computed before (through
/// <see cref="MatrixSample.FromRecord"/> and its cell values).
/// </summary>
public sealed class CaseKeyForRecordTests
{
    private static readonly string?[] Assemblies = [null, "", "WorkflowBench.Tests", "Odd#Assembly|v2"];
    private static readonly string?[] Models = [null, "gpt-4o-mini", "claude-3-5-sonnet", "llama3.1:8b", "mixtral=8x7b"];
    private static readonly string?[] Providers = [null, "openai", "anthropic", "ollama"];
    private static readonly string?[] PromptTypes = [null, "optimal", "flawed_tool_misuse", "baseline%raw"];
    private static readonly string?[] Difficulties = [null, "very_easy", "easy", "medium", "hard", "very_hard"];
    private static readonly string?[] TaskTypes = [null, "simple_task", "multi_step", "data|pipeline"];
    private static readonly double?[] Rates = [null, 0, 0.8, 1, 0.3333333333, 0.1 + 0.2, 1e-9, double.NaN];
    private static readonly string?[] FlawTypes = [null, "tool_misuse", "missing_step"];
    private static readonly string?[] Items = [null, "item-0042", "q#17"];
    private static readonly string?[] ItemHashes = [null, "3f9a0c1d2e4b"];
    private static readonly string[] DimensionNames = ["temperature", "Temperature", "language", "_seed", "région", "z|w", "a=b"];
    private static readonly string[] DimensionValues = ["0.7", "en", "de-CH", "", "42", "x%y", "#1"];

    [Fact]
    public void ForRecord_VariedRecords_GivesTheKeyOfTheRecordsMatrixSample()
    {
        var random = new Random(20261207);
        for (var i = 0; i < 5_000; i++)
        {
            var record = RandomRecord(random);

            var expected = CaseKey.Of(
                record.Assembly, record.TestClass ?? string.Empty, record.TestMethod ?? string.Empty, MatrixSample.FromRecord(record).CellValues(), record.SampleIndex);

            Assert.Equal(expected, CaseKey.ForRecord(record));
        }
    }

    [Fact]
    public void ForRecord_DimensionsInAnyInsertionOrder_AreKeyedByOrdinalName()
    {
        var first = Record(new Dictionary<string, string>(StringComparer.Ordinal) { ["temperature"] = "0.7", ["Language"] = "en", ["_seed"] = "42" });
        var second = Record(new Dictionary<string, string>(StringComparer.Ordinal) { ["_seed"] = "42", ["temperature"] = "0.7", ["Language"] = "en" });

        Assert.Equal(
            "WorkflowBench.Tests#WorkflowBench.Batch.Run|model=gpt-4o-mini|Language=en|_seed=42|temperature=0.7|#3",
            CaseKey.ForRecord(first));
        Assert.Equal(CaseKey.ForRecord(first), CaseKey.ForRecord(second));
    }

    private static ResultRecordBuilder Record(Dictionary<string, string> dimensions) => new()
    {
        Assembly = "WorkflowBench.Tests",
        TestClass = "WorkflowBench.Batch",
        TestMethod = "Run",
        Model = "gpt-4o-mini",
        SampleIndex = 3,
        Dimensions = dimensions,
    };

    private static ResultRecordBuilder RandomRecord(Random random)
    {
        var record = new ResultRecordBuilder
        {
            Assembly = Pick(random, Assemblies),
            TestClass = random.Next(8) == 0 ? null : "WorkflowBench.Batches.ToolUseBatch",
            TestMethod = random.Next(8) == 0 ? null : "Run_Sample",
            Model = Pick(random, Models),
            Provider = Pick(random, Providers),
            PromptType = Pick(random, PromptTypes),
            Difficulty = Pick(random, Difficulties),
            TaskType = Pick(random, TaskTypes),
            ToolSuccessRate = random.Next(4) == 0 ? random.NextDouble() : Pick(random, Rates),
            FlawType = Pick(random, FlawTypes),
            Item = Pick(random, Items),
            ItemHash = Pick(random, ItemHashes),
            SampleIndex = random.Next(5) == 0 ? null : random.Next(0, 1_000),
        };

        var dimensions = random.Next(4);
        if (dimensions > 0 || random.Next(2) == 0)
        {
            // An empty dictionary and a null one must key alike, as must dictionaries with another comparer.
            record.Dimensions = new Dictionary<string, string>(random.Next(2) == 0 ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
            for (var d = 0; d < dimensions; d++)
            {
                record.Dimensions.TryAdd(DimensionNames[random.Next(DimensionNames.Length)], DimensionValues[random.Next(DimensionValues.Length)]);
            }
        }

        return record;
    }

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];
}
