using System.Text;
using RunnerHarness.Xunit.Frameworks;
using Xunit.Sdk;
using Xunit.v3;

namespace RunnerHarness.Xunit.v3.Tests.Frameworks;

/// <summary>
/// The xUnit v3 discoverer listing a model batch one test case per cell, in process: the serialization each listed cell
/// travels as (test process, test host, <c>vstest.console</c> and back to run it), and that it rebuilds the same test case.
/// </summary>
public sealed class CellDiscoveryTests
{
    [Fact]
    public async Task SerializedCellTestCase_Deserialized_HasTheSameCellIdNameAndTraits()
    {
        var cells = await Discover();

        Assert.Equal(16, cells.Count);
        foreach (var cell in cells)
        {
            var serialization = SerializationHelper.Instance.Serialize(cell);
            var copy = Assert.IsType<ModelCellTestCase>(SerializationHelper.Instance.Deserialize(serialization));

            Assert.Equal(cell.Cell, copy.Cell);
            Assert.Equal(cell.UniqueID, copy.UniqueID);
            Assert.Equal(cell.TestCaseDisplayName, copy.TestCaseDisplayName);
            Assert.Equal(cell.BatchDisplayName, copy.BatchDisplayName);
            Assert.Equal(TraitPairs(cell), TraitPairs(copy));
            Assert.Equal(serialization, SerializationHelper.Instance.Serialize(copy));
        }
    }

    [Fact]
    public async Task SerializedCellTestCase_LeavesOutTheUniqueIdTheAxisTraitsAndTheBatchName()
    {
        var cell = (await Discover())[0];

        var (_, info) = Parts(SerializationHelper.Instance.Serialize(cell));

        // Rebuilt on deserialization from the test method and the cell; the trait the test declares itself stays.
        Assert.Equal(string.Empty, info.GetValue<string>("id"));
        var traits = Assert.IsType<Dictionary<string, HashSet<string>>>(info.GetValue<Dictionary<string, HashSet<string>>>("tr"));
        Assert.Equal("nightly", Assert.Single(Assert.Single(traits, t => t.Key == "suite").Value));
        Assert.Single(traits);
        Assert.Null(info.GetValue<string>("BatchDisplayName"));
        Assert.DoesNotContain("sample_index", info.GetValue<string>("CellAxes"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SerializedCellTestCase_FormOfTheVersionBefore_DeserializesToTheSameTestCase()
    {
        // An IDE may hold a test case serialized by the version before this one across an upgrade: that form also held the
        // unique id, every trait (the axes' included), the batch's display name and the cell's sample index.
        foreach (var cell in await Discover())
        {
            var (type, current) = Parts(SerializationHelper.Instance.Serialize(cell));
            var before = new XunitSerializationInfo(SerializationHelper.Instance);
            before.AddValue("dn", cell.TestCaseDisplayName);
            before.AddValue("tm", cell.TestMethod);
            before.AddValue("id", cell.UniqueID);
            before.AddValue("tr", cell.Traits);
            before.AddValue("ex", cell.Explicit);
            before.AddValue("to", cell.Timeout);
            before.AddValue("CellAxes", current.GetValue<string>("CellAxes")!.Replace("}", ",\"sample_index\":\"0\"}", StringComparison.Ordinal));
            before.AddValue("CellDimensions", current.GetValue<string>("CellDimensions"));
            before.AddValue("BatchDisplayName", cell.BatchDisplayName);

            var copy = Assert.IsType<ModelCellTestCase>(SerializationHelper.Instance.Deserialize($"{type}:{Convert.ToBase64String(Encoding.UTF8.GetBytes(before.ToSerializedString()))}"));

            Assert.Equal(cell.Cell, copy.Cell);
            Assert.Equal(cell.UniqueID, copy.UniqueID);
            Assert.Equal(cell.TestCaseDisplayName, copy.TestCaseDisplayName);
            Assert.Equal(cell.BatchDisplayName, copy.BatchDisplayName);
            Assert.Equal(TraitPairs(cell), TraitPairs(copy));
        }
    }

    [Fact]
    public async Task SerializedCellTestCase_DeclaredTraitsSpellingAnAxisInAnotherCase_DeserializesWithTheSameTraits()
    {
        // The traits VSTest and MTP are given must not change their spelling between discovery and the run.
        var cells = await Discover(typeof(CellDiscoveryBatches.TaggedBatch));

        Assert.Equal(2, cells.Count);
        foreach (var cell in cells)
        {
            var copy = Assert.IsType<ModelCellTestCase>(SerializationHelper.Instance.Deserialize(SerializationHelper.Instance.Serialize(cell)));

            Assert.Equal(TraitPairs(cell), TraitPairs(copy));
        }
    }

    private static List<(string Name, string Value)> TraitPairs(ModelCellTestCase testCase) =>
        [.. testCase.Traits.OrderBy(t => t.Key, StringComparer.Ordinal).SelectMany(t => t.Value.Order(StringComparer.Ordinal).Select(v => (t.Key, v)))];

    // A serialized test case is its type (xUnit's type index and type name) then its values, base64-encoded.
    private static (string Type, XunitSerializationInfo Info) Parts(string serialization)
    {
        var at = serialization.IndexOf(':', serialization.IndexOf(':', StringComparison.Ordinal) + 1);
        var values = Encoding.UTF8.GetString(Convert.FromBase64String(serialization[(at + 1)..]));
        return (serialization[..at], new XunitSerializationInfo(SerializationHelper.Instance, values));
    }

    private static async Task<List<ModelCellTestCase>> Discover(Type? batch = null)
    {
        var assembly = Assert.IsAssignableFrom<IXunitTestAssembly>(TestContext.Current.TestAssembly);
        await using var discoverer = new RecordingTestFrameworkDiscoverer(assembly);
        var cells = new List<ModelCellTestCase>();
        await discoverer.Find(
            testCase =>
            {
                cells.Add(Assert.IsType<ModelCellTestCase>(testCase));
                return new ValueTask<bool>(true);
            },
            new DefaultDiscoveryOptions(),
            [batch ?? typeof(CellDiscoveryBatches.EvalBatch)]);
        return cells;
    }

    // xUnit's defaults for every option (method display ClassAndMethod), as a run without a runner configuration has them.
    private sealed class DefaultDiscoveryOptions : ITestFrameworkDiscoveryOptions
    {
        public TValue? GetValue<TValue>(string name) => default;

        public void SetValue<TValue>(string name, TValue value) => throw new NotSupportedException("The tests read the default options only.");

        public string ToJson() => "{}";
    }
}
