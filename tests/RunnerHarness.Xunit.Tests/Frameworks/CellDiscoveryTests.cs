using RunnerHarness.Matrix;
using RunnerHarness.Schema;
using RunnerHarness.Xunit.Batches;
using RunnerHarness.Xunit.Frameworks;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RunnerHarness.Xunit.Tests.Frameworks;

/// <summary>
/// The xUnit v2 discoverer listing a model batch one test case per cell, in process: what VSTest and test explorers get
/// for each cell (unique id, name, traits, serialization) and the per-cell work discovery does not repeat.
/// </summary>
public sealed class CellDiscoveryTests
{
    private const string Batch = "RunnerHarness.Xunit.Tests.Frameworks.CellDiscoveryBatches+EvalBatch";

    [Fact]
    public void FindTests_ModelBatch_ListsEachCellWithTheIdNameAndTraitsItHadBefore()
    {
        var cells = Discover();

        // Ids pinned from the discoverer as it was before cell discovery was made faster (main at 024eec71): explorers and
        // --filter keep a cell by its id, so a change of how cells are listed must not change them.
        Assert.Equal(16, cells.Count);
        var first = cells[0];
        Assert.Equal($"{Batch}.Run(gpt-4o-mini | openai | baseline | easy | 0.0)", first.DisplayName);
        Assert.Equal("abec419a41a3133868777502e514799d7f1aa6c1-67c9cda5908846ad2158463b446b5cc5fae9454491155fe6fff93f5e8aaa9889", first.UniqueID);
        Assert.Equal(
            [("difficulty", "easy"), ("model", "gpt-4o-mini"), ("prompt_type", "baseline"), ("provider", "openai"), ("temperature", "0.0")],
            first.Traits.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, Assert.Single(t.Value))));
        var last = cells[^1];
        Assert.Equal($"{Batch}.Run(claude-3-5-haiku | anthropic | optimal | hard | 0.7)", last.DisplayName);
        Assert.Equal("abec419a41a3133868777502e514799d7f1aa6c1-fde0297beb62dd26d7ca51856d9d1e64bf72b7d9c727cd7253e1c47ad72e4c02", last.UniqueID);
        Assert.Equal(16, cells.Select(c => c.UniqueID).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void FindTests_ModelBatch_CellsShareOneMethodThatReadsEachAttributeOnce()
    {
        var cells = Discover();

        var method = cells[0].TestMethod.Method;
        Assert.All(cells, c => Assert.Same(method, c.TestMethod.Method));
        var theoryAttribute = typeof(TheoryAttribute).AssemblyQualifiedName!;
        Assert.Same(method.GetCustomAttributes(theoryAttribute), method.GetCustomAttributes(theoryAttribute));
        Assert.Equal(typeof(CellDiscoveryBatches.EvalBatch).GetMethod(nameof(CellDiscoveryBatches.EvalBatch.Run)), Assert.IsAssignableFrom<IReflectionMethodInfo>(method).MethodInfo);
    }

    [Fact]
    public void SerializedCellTestCase_Deserialized_HasTheSameCellIdNameAndTraits()
    {
        foreach (var cell in Discover())
        {
            var serialization = SerializationHelper.Serialize(cell);
            var copy = SerializationHelper.Deserialize<ModelCellTestCase>(serialization);

            Assert.Equal(cell.Cell, copy.Cell);
            Assert.Equal(cell.Cell.Dimensions, copy.Cell.Dimensions);
            Assert.Equal(cell.UniqueID, copy.UniqueID);
            Assert.Equal(cell.DisplayName, copy.DisplayName);
            Assert.Equal(cell.Traits.OrderBy(t => t.Key, StringComparer.Ordinal).SelectMany(t => t.Value.Select(v => (t.Key, v))),
                copy.Traits.OrderBy(t => t.Key, StringComparer.Ordinal).SelectMany(t => t.Value.Select(v => (t.Key, v))));
            Assert.Equal(serialization, SerializationHelper.Serialize(copy));
        }
    }

    [Fact]
    public void SerializedCellTestCase_CustomAxesQuotesPipesUnicodeAndAnUnsetAxis_DeserializesToTheSameCellAndId()
    {
        // Every axis but one set, each to a value its text must carry exactly (quotes, a pipe, non-ASCII, a rate to every digit).
        var texts = new[] { "gpt-4o \"mini\" | eu-west ☃ naïve 🙂", "0.30000000000000004", "7" };
        var cell = new MatrixSample
        {
            Dimensions = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["persona"] = "a \"strict\" grader | ünïcode 日本語 🙂",
                ["retrieval"] = "",
                ["tool\\path"] = "{\"k\": [1, 2]}",
            },
        };
        var unset = RecordAxes.All[^1];
        foreach (var axis in RecordAxes.All.Where(a => a != unset))
        {
            cell = cell.With(axis, texts.Select(t => TryParse(axis, t)).First(v => v is not null));
        }

        var testMethod = Discover()[0].TestMethod;
        var testCase = new ModelCellTestCase(new NullMessageSink(), TestMethodDisplay.ClassAndMethod, TestMethodDisplayOptions.None, testMethod, cell);

        var copy = SerializationHelper.Deserialize<ModelCellTestCase>(SerializationHelper.Serialize(testCase));

        // The test case keeps the cell with sample index 0 (a cell's samples are its rows).
        Assert.Equal(cell with { SampleIndex = 0 }, testCase.Cell);
        Assert.Equal(testCase.Cell, copy.Cell);
        Assert.Equal(cell.Dimensions, copy.Cell.Dimensions);
        Assert.Null(copy.Cell.ValueOf(unset));
        Assert.Equal(testCase.UniqueID, copy.UniqueID);
        Assert.Equal(testCase.DisplayName, copy.DisplayName);
    }

    [Fact]
    public void SerializedCell_FormOfTheVersionBeforeWithItsSampleIndex_GivesTheSameCell()
    {
        // A listed cell's sample index is always 0, which a cell read back without one gets: it is no longer written, and a
        // test case serialized by the version before (which wrote "sample_index":"0", an IDE may hold one) reads the same.
        foreach (var cell in Discover())
        {
            var current = new SerializationValues();
            SerializedCell.Add(current, cell.Cell);
            var axes = Assert.IsType<string>(current.Values["CellAxes"]);
            Assert.DoesNotContain("sample_index", axes, StringComparison.Ordinal);
            var before = new SerializationValues();
            before.AddValue("CellAxes", axes.Replace("}", ",\"sample_index\":\"0\"}", StringComparison.Ordinal));
            before.AddValue("CellDimensions", current.Values["CellDimensions"]);

            Assert.Equal(cell.Cell, SerializedCell.Get(current));
            Assert.Equal(cell.Cell, SerializedCell.Get(before));
        }
    }

    private static object? TryParse(RecordAxis axis, string text)
    {
        try
        {
            return axis.Parse(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static List<ModelCellTestCase> Discover()
    {
        using var discoverer = new RecordingTestFrameworkDiscoverer(
            Reflector.Wrap(typeof(CellDiscoveryBatches).Assembly), new NoSourceInformation(), new NullMessageSink());
        using var sink = new DiscoveredTestCases();
        discoverer.Find(Batch, includeSourceInformation: false, sink, new DefaultDiscoveryOptions());
        return [.. sink.WaitForCompletion().Cast<ModelCellTestCase>()];
    }

    private sealed class NoSourceInformation : LongLivedMarshalByRefObject, ISourceInformationProvider
    {
        public ISourceInformation GetSourceInformation(ITestCase testCase) => new SourceInformation();

        public void Dispose()
        {
        }
    }

    // The values a serialization holds, by key, as xUnit's serialization info keeps them before it encodes them.
    private sealed class SerializationValues : IXunitSerializationInfo
    {
        public Dictionary<string, object?> Values { get; } = [];

        public void AddValue(string key, object? value, Type? type = null) => Values.Add(key, value);

        public object? GetValue(string key, Type type) => Values.GetValueOrDefault(key);

        public T GetValue<T>(string key) => (T)Values.GetValueOrDefault(key)!;
    }

    // xUnit's defaults for every option (method display ClassAndMethod), as a run without a runner configuration has them.
    private sealed class DefaultDiscoveryOptions : ITestFrameworkDiscoveryOptions
    {
        public TValue GetValue<TValue>(string name) => default!;

        public void SetValue<TValue>(string name, TValue value) => throw new NotSupportedException("The tests read the default options only.");
    }
}
