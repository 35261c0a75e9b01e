using RunnerHarness.ObjectStorage.Tests.Cli;
using RunnerHarness.ObjectStorage.Tests.Hosting;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("RunnerHarness.ObjectStorage.Tests.LongestFirstCollectionOrderer", "RunnerHarness.ObjectStorage.Tests")]

namespace RunnerHarness.ObjectStorage.Tests;

/// <summary>
/// Starts the longest test classes first, the others after them in xUnit's own order. xUnit runs as many classes at once as
/// the machine has cores, in an order of its own (by a hash of each collection's id): the classes running `dotnet test` of
/// the sample, most of the project's time, started 17-27 s in, behind short classes, and decided when the project ended
/// (docs/testing.md).
/// </summary>
public sealed class LongestFirstCollectionOrderer : ITestCollectionOrderer
{
    private readonly DefaultTestCollectionOrderer _default = new();

    /// <summary>The classes that start first, longest first (the figures are in docs/testing.md).</summary>
    public static IReadOnlyList<Type> LongestFirst { get; } = [typeof(UrlStoreRecoveryTests), typeof(UrlStoreShardedRunTests), typeof(ConcurrentCompactionTests)];

    /// <inheritdoc/>
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        _default.OrderTestCollections(testCollections).OrderBy(Rank); // OrderBy is stable: the others keep xUnit's order.

    /// <summary>The place of <paramref name="collection"/> in <see cref="LongestFirst"/>, or after them all.</summary>
    private static int Rank(ITestCollection collection)
    {
        // A class without a [Collection] is a collection of its own, named after the class (xUnit's CollectionPerClassTestCollectionFactory).
        var index = LongestFirst.ToList().FindIndex(type => collection.DisplayName == $"Test collection for {type.FullName}");
        return index < 0 ? LongestFirst.Count : index;
    }
}
