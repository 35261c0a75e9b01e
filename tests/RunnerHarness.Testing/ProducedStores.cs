using RunnerHarness.Schema;
using RunnerHarness.Store;

namespace RunnerHarness.Testing;

/// <summary>
/// The check every store the suite's runs produce goes through: a <c>failed</c> record of a model (a record with a
/// model) always has an error category, so a failure of the harness or a provider can never pass for a model result.
/// <see cref="ChildProcess.Run"/> calls it for the store a child process was pointed at (the
/// <c>RUNNER_HARNESS_STORE</c> variable or a <c>--store</c> argument), so every fixture <c>dotnet test</c>, sample
/// run and <c>runner-harness run</c> of the suite is checked without its test asking; the CLI tests' in-process runs call it too.
/// Only records finished since the run started are checked: a test's own hand-made records of an earlier run are not the
/// harness's output.
/// </summary>
public static class ProducedStores
{
    private static readonly TimeSpan ClockSlack = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Throws <see cref="UncategorisedFailureException"/> when <paramref name="store"/> holds a failed model record without
    /// an error category that finished at or after <paramref name="since"/> (UTC); <paramref name="producedBy"/> names the
    /// run in the message. A store that does not exist passes.
    /// </summary>
    public static void Check(string store, DateTime since, string producedBy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(store);
        if (!Directory.Exists(store))
        {
            return;
        }

        var uncategorised = new StoreReader(new StoreLayout(store))
            .Read(new RecordQuery { IncludeLiveLogs = true })
            .Where(r => r.FinishedAt >= since - ClockSlack && IsUncategorisedModelFailure(r))
            .ToList();
        if (uncategorised.Count > 0)
        {
            throw new UncategorisedFailureException(
                $"The store {store}, produced by `{producedBy}`, holds {uncategorised.Count} failed model record(s) without an error category; " +
                "a failed model record must say why (a model category, or harness_error, provider_error, rate_limited): " +
                string.Join("; ", uncategorised.Take(5).Select(r => $"{r.RecordId} {r.TestClass}.{r.TestMethod} model '{r.Model}': {r.ErrorMessage}")));
        }
    }

    /// <summary>Whether <paramref name="record"/> is a failed model record without an error category.</summary>
    public static bool IsUncategorisedModelFailure(ResultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Outcome == TestOutcome.Failed && record.Model is not null && record.ErrorCategory is null;
    }

    /// <summary>The store a child process run with <paramref name="arguments"/> and <paramref name="environment"/> in <paramref name="workingDirectory"/> was pointed at, if any.</summary>
    public static string? StoreOf(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var index = arguments.ToList().IndexOf("--store");
        var store = index >= 0 && index + 1 < arguments.Count
            ? arguments[index + 1]
            : environment?.GetValueOrDefault("RUNNER_HARNESS_STORE");
        return string.IsNullOrWhiteSpace(store) || store.Contains("://", StringComparison.Ordinal) ? null : Path.GetFullPath(store, workingDirectory);
    }
}
