using Microsoft.Extensions.AI;
using RunnerHarness.Models.Configuration;
using RunnerHarness.Models.Usage;

namespace RunnerHarness.Models.Pricing;

/// <summary>
/// The cost rule of one model call (<c>docs/models.md</c>, "Cost"): a provider's answer costs its reported tokens at the
/// model's prices; an answer replayed from the response cache costs 0, because this run paid nothing for it. What a call
/// cost is added to the sample's usage and to <see cref="RunCost"/>, which the run budget reads.
/// </summary>
internal static class CallCost
{
    /// <summary>Prices a provider's answer, when the model has prices.</summary>
    public static void AddAnswered(ModelDefinition model, UsageDetails? reported, SampleUsage? usage)
    {
        if (model.Prices is not { } prices)
        {
            return;
        }

        if (reported is null || (reported.InputTokenCount is null && reported.OutputTokenCount is null))
        {
            usage?.MarkCostUnknown();
            return;
        }

        var cost = prices.CostOf(reported.InputTokenCount ?? 0, reported.CachedInputTokenCount ?? 0, reported.OutputTokenCount ?? 0);
        usage?.AddCost(cost);
        RunCost.Add(cost);
    }

    /// <summary>Prices an answer replayed from the response cache: nothing new was spent.</summary>
    public static void AddReplayed(ModelDefinition model, SampleUsage? usage)
    {
        if (model.Prices is not null)
        {
            usage?.AddCost(0);
        }
    }
}
