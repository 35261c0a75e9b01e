using Xunit.Abstractions;
using Xunit.Sdk;

namespace RunnerHarness.Xunit.Batches;

/// <summary>
/// The data discoverer of <see cref="ModelMatrixAttribute"/>: refuses discovery enumeration, so a model batch stays
/// one theory test case and its rows are planned when it runs, against the store as it is then (an IDE may
/// discover long before it runs, and other shards fill the store meanwhile). Created by xUnit through reflection.
/// </summary>
public sealed class ModelMatrixDataDiscoverer : DataDiscoverer
{
    /// <inheritdoc/>
    /// <returns>Always <see langword="false"/>: rows are planned at run time.</returns>
    public override bool SupportsDiscoveryEnumeration(IAttributeInfo dataAttribute, IMethodInfo testMethod) => false;
}
