namespace RunnerHarness.Models.Pricing;

/// <summary>
/// What this process has paid for model answers so far, in US dollars (replayed cache answers add nothing). The run
/// budget (<c>RUNNER_HARNESS_MAX_COST</c>) compares it with its limit before starting a row. Thread-safe.
/// </summary>
public static class RunCost
{
    private static readonly Lock Gate = new();
    private static double _spentUsd;

    /// <summary>US dollars spent by this process's priced model calls.</summary>
    public static double SpentUsd { get { lock (Gate) { return _spentUsd; } } }

    /// <summary>Adds <paramref name="costUsd"/> US dollars.</summary>
    internal static void Add(double costUsd)
    {
        lock (Gate)
        {
            _spentUsd += costUsd;
        }
    }
}
