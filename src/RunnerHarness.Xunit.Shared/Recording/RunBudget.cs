using System.Globalization;
using RunnerHarness.Models.Pricing;

namespace RunnerHarness.Xunit.Recording;

/// <summary>
/// The run budget (<c>RUNNER_HARNESS_MAX_COST</c>, <c>runner-harness run --max-cost</c>): before a row of a model batch
/// starts, what this test host's priced model calls have cost since the run started (<see cref="RunCost"/>) is compared
/// with the limit; once it has reached the limit, no further row starts. Rows already running finish and are recorded
/// whole, so the run may end somewhat above the limit; rows not started report nothing and are not recorded, so the next
/// top-up runs them. The budget is this process's: each shard of a run has the whole limit (docs/models.md). Thread-safe.
/// </summary>
internal sealed class RunBudget
{
    private readonly double _spentAtStart;
    private readonly Action<string> _announce;
    private int _rowsNotStarted;

    /// <summary>Creates the budget of <paramref name="limitUsd"/> US dollars, counted from now; <paramref name="announce"/> says when it stops rows.</summary>
    public RunBudget(double limitUsd, Action<string> announce)
    {
        LimitUsd = limitUsd;
        _announce = announce;
        _spentAtStart = RunCost.SpentUsd;
    }

    /// <summary>The limit, in US dollars.</summary>
    public double LimitUsd { get; }

    /// <summary>US dollars the priced model calls of this process have cost since the budget started.</summary>
    public double SpentUsd => RunCost.SpentUsd - _spentAtStart;

    /// <summary>Rows the budget kept from starting.</summary>
    public int RowsNotStarted => Volatile.Read(ref _rowsNotStarted);

    /// <summary>What the budget does, for the run's announcements.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"RunnerHarness: run budget ${LimitUsd:0.00####}: no row starts once this test host's priced model calls have cost that much; rows not started are left for top-up.");

    /// <summary>Whether a row may start; when not, counts it and says so the first time.</summary>
    public bool AllowsRow()
    {
        var spent = SpentUsd;
        if (spent < LimitUsd)
        {
            return true;
        }

        if (Interlocked.Increment(ref _rowsNotStarted) == 1)
        {
            _announce(string.Create(
                CultureInfo.InvariantCulture,
                $"RunnerHarness: the run budget of ${LimitUsd:0.00####} is reached (${spent:0.00####} spent by this test host): rows not yet started are not run and not recorded; a top-up runs them."));
        }

        return false;
    }
}
