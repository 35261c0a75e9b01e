using System.Globalization;
using RunnerHarness.Planning;
using RunnerHarness.Settings;
#if XUNIT_V3
using Xunit.v3;
#else
using Xunit.Abstractions;
using Xunit.Sdk;
#endif

namespace RunnerHarness.Xunit.Frameworks;

/// <summary>
/// The test cases one shard runs. Model batches (<c>[ModelMatrix]</c> theories) run in every shard
/// and deal their rows among the shards themselves; every other test case goes to exactly one shard, dealt by
/// its xUnit unique id (stable across processes for the same test), so n shards run each plain test once.
/// </summary>
internal static class ShardedTestCases
{
    public static IReadOnlyList<IXunitTestCase> Select(IEnumerable<IXunitTestCase> testCases, ShardSpec shard, out string description)
    {
        var all = testCases.ToList();
        var plain = all.Where(t => !IsModelBatch(t)).ToList();

        // xUnit gives identical data rows one id; they stay together in one shard.
        var ids = plain.Select(t => t.UniqueID).Distinct(StringComparer.Ordinal).ToArray();
        var dealt = ShardFilter.Assign(ids, shard.Count);
        var mine = ids.Where((_, i) => dealt[i] == shard.Index).ToHashSet(StringComparer.Ordinal);
        var selected = all.Where(t => IsModelBatch(t) || mine.Contains(t.UniqueID)).ToList();
        // A batch listed one test case per cell is still one batch.
        var batches = all.Where(IsModelBatch).Select(BatchOf).Distinct().Count();
        description = string.Create(CultureInfo.InvariantCulture,
            $"RunnerHarness: shard {shard}: {selected.Count - (all.Count - plain.Count)} of {plain.Count} test cases, and the shard's rows of {batches} model batches");
        return selected;
    }

#if XUNIT_V3
    private static bool IsModelBatch(IXunitTestCase testCase) => testCase.TestMethod.Method.IsDefined(typeof(ModelMatrixAttribute), inherit: false);

    private static (string, string) BatchOf(IXunitTestCase testCase) => (testCase.TestClassName, testCase.TestMethodName);
#else
    private static bool IsModelBatch(IXunitTestCase testCase) =>
        testCase.TestMethod.Method.GetCustomAttributes(typeof(ModelMatrixAttribute).AssemblyQualifiedName).Any();

    private static (string, string) BatchOf(IXunitTestCase testCase) => (testCase.TestMethod.TestClass.Class.Name, testCase.TestMethod.Method.Name);
#endif
}
