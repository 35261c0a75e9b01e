namespace RunnerHarness.Aggregation;

/// <summary>The paired items of one cell (or of all cells): each item's mean on each side.</summary>
/// <param name="Baseline">Per paired item, the baseline's mean (a success rate, or the metric's mean).</param>
/// <param name="Candidate">Per paired item, the candidate's mean, in the same order.</param>
/// <param name="Unpaired">Results of either side whose item has no partner on the other side.</param>
/// <param name="IsBinary">Every pair is one 0/1 result per side (success, one sample each): McNemar applies.</param>
internal sealed record ItemPairs(IReadOnlyList<double> Baseline, IReadOnlyList<double> Candidate, long Unpaired, bool IsBinary)
{
    /// <summary>The number of pairs.</summary>
    public int Count => Baseline.Count;

    internal static ItemPairs From(IEnumerable<ItemTally> items, bool binaryValues)
    {
        List<double> baseline = [], candidate = [];
        long unpaired = 0;
        var binary = binaryValues;
        foreach (var item in items)
        {
            if (!item.IsPair)
            {
                unpaired += item.BaselineCount + item.CandidateCount;
                continue;
            }

            binary &= item.BaselineCount == 1 && item.CandidateCount == 1;
            baseline.Add(item.BaselineSum / item.BaselineCount);
            candidate.Add(item.CandidateSum / item.CandidateCount);
        }

        return new ItemPairs(baseline, candidate, unpaired, binary);
    }
}
