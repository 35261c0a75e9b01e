using RunnerHarness.Store;

namespace RunnerHarness.Tests.Store;

/// <summary>The store contract on Parquet.</summary>
public sealed class ParquetStoreContractTests : StoreContractTests
{
    protected override StorageFormat Format => StorageFormat.Parquet;
}
