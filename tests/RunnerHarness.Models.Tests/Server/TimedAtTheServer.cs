namespace RunnerHarness.Models.Tests.Server;

/// <summary>
/// Tests that judge limits by the times requests reach the in-process server run alone: the server shares the test
/// process, so a test that blocks threads or starts processes beside them would delay its arrivals and show a
/// bunching that no provider would see.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedAtTheServer
{
    public const string Name = "Timed at the server";
}
