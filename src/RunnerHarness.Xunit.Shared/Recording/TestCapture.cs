using System.Reflection;

namespace RunnerHarness.Xunit.Recording;

/// <summary>What the recording runners know about one test before its result arrives.</summary>
internal sealed class TestCapture
{
    /// <summary>The test method, or <see langword="null"/> for tests not run by the recording runners.</summary>
    public MethodInfo? Method { get; init; }

    /// <summary>The arguments the test runs with, or <see langword="null"/> when unknown.</summary>
    public object?[]? Arguments { get; init; }

    /// <summary>The test's context, or <see langword="null"/> for tests not run by the recording runners.</summary>
    public ModelTestContext? Context { get; init; }

    /// <summary>When the test started, in UTC; set when <c>ITestStarting</c> passes the bus.</summary>
    public DateTime? StartedAt { get; set; }
}
