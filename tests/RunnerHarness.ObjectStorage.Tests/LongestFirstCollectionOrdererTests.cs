using RunnerHarness.ObjectStorage.Tests.Cli;
using RunnerHarness.ObjectStorage.Tests.Hosting;
using RunnerHarness.ObjectStorage.Tests.Locations;
using RunnerHarness.ObjectStorage.Tests.Transfer;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace RunnerHarness.ObjectStorage.Tests;

public sealed class LongestFirstCollectionOrdererTests
{
    [Fact]
    public void The_listed_classes_collections_come_first_in_the_listed_order_and_the_others_after_them_in_xunits_order()
    {
        // The collections as xUnit makes them for this assembly's classes, so that a change in how it names them shows here.
        var assembly = new TestAssembly(Reflector.Wrap(typeof(LongestFirstCollectionOrderer).Assembly));
        var factory = new CollectionPerClassTestCollectionFactory(assembly, new NullMessageSink());
        Type[] others = [typeof(StoreLocationTests), typeof(StoreTransferTests), typeof(MirroredRemoteStoreTests)];
        var collections = others.Concat([typeof(ConcurrentCompactionTests), typeof(UrlStoreShardedRunTests), typeof(UrlStoreRecoveryTests)])
            .Select(type => factory.Get(Reflector.Wrap(type)))
            .ToList();

        var ordered = new LongestFirstCollectionOrderer().OrderTestCollections(collections).Select(c => c.DisplayName).ToList();

        var othersInXunitOrder = new DefaultTestCollectionOrderer().OrderTestCollections(collections.Take(others.Length)).Select(c => c.DisplayName);
        Assert.Equal(
            [.. LongestFirstCollectionOrderer.LongestFirst.Select(type => $"Test collection for {type.FullName}"), .. othersInXunitOrder],
            ordered);
    }
}
