using System.Reflection;
using RunnerHarness.Schema;

namespace RunnerHarness.Xunit.Recording;

/// <summary>
/// What one xUnit result message says about a test, read by the generation's message layer (v2 carries it on the
/// message's test object, v3 in the starting messages matched by unique id); <see cref="RecordingSession"/> turns it into a record.
/// </summary>
internal sealed class ObservedResult
{
    /// <summary>The test class's full name.</summary>
    public required string TestClass { get; init; }

    /// <summary>The test method's name.</summary>
    public required string TestMethod { get; init; }

    /// <summary>The name xUnit shows for the test.</summary>
    public required string DisplayName { get; init; }

    /// <summary>Passed, failed or skipped.</summary>
    public required TestOutcome Outcome { get; init; }

    /// <summary>The execution time xUnit measured, in seconds.</summary>
    public decimal ExecutionTime { get; init; }

    /// <summary>The test's output, or <see langword="null"/>.</summary>
    public string? Output { get; init; }

    /// <summary>The declared traits to record (a cell's axis traits are left out: its columns hold them).</summary>
    public IReadOnlyDictionary<string, IReadOnlyCollection<string>>? Traits { get; init; }

    /// <summary>The arguments the test ran with, or <see langword="null"/> when unknown.</summary>
    public object?[]? Arguments { get; init; }

    /// <summary>The test method, when known, whose parameter names name the argument columns.</summary>
    public MethodInfo? Method { get; init; }

    /// <summary>A failure's first exception type, or <see langword="null"/>.</summary>
    public string? FailureType { get; init; }

    /// <summary>A failure's combined messages, or <see langword="null"/>.</summary>
    public string? FailureMessage { get; init; }
}
