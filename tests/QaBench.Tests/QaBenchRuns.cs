namespace QaBench.Tests;

/// <summary>
/// The tests that run the one built <see cref="QaBenchCopy"/> (its restore and build are most of a class's CPU): they run
/// one after another, because each writes the copy's dataset before its runs.
/// </summary>
[CollectionDefinition(Name)]
public sealed class QaBenchRuns : ICollectionFixture<QaBenchCopy>
{
    public const string Name = "Runs of the built QaBench copy";
}
