using RunnerHarness.Store;

namespace RunnerHarness.Tests.Store;

/// <summary>The store contract on JSON Lines.</summary>
public sealed class JsonLinesStoreContractTests : StoreContractTests
{
    protected override StorageFormat Format => StorageFormat.Json;
}
