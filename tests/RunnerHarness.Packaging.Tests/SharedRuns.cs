using System.Collections.Concurrent;

namespace RunnerHarness.Packaging.Tests;

/// <summary>
/// Runs of the consumer projects that several facts of one class read (the same project, filter and settings), each made
/// once, on first use, and kept for the class: each fact asserts its own part of the run.
/// </summary>
public sealed class SharedRuns
{
    private readonly ConcurrentDictionary<string, Lazy<ProcessResult>> _runs = new(StringComparer.Ordinal);

    /// <summary>The run named <paramref name="name"/>: made by <paramref name="run"/> the first time, the same result after.</summary>
    public ProcessResult Of(string name, Func<ProcessResult> run) => _runs.GetOrAdd(name, _ => new Lazy<ProcessResult>(run)).Value;
}
