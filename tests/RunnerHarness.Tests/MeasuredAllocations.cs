namespace RunnerHarness.Tests;

/// <summary>
/// Tests that count the bytes the whole process allocates (<see cref="GC.GetTotalAllocatedBytes(bool)"/>) while they
/// read: xUnit runs this collection alone, after the parallel ones, so no other test's allocations are counted.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAllocations
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Allocation measuring";
}
