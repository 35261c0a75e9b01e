namespace RunnerHarness.Aggregation;

/// <summary>The results of one item on each side of a comparison, summed so repeated samples average per item.</summary>
internal sealed class ItemTally
{
    public double BaselineSum { get; set; }

    public int BaselineCount { get; set; }

    public double CandidateSum { get; set; }

    public int CandidateCount { get; set; }

    public bool IsPair => BaselineCount > 0 && CandidateCount > 0;

    public void Add(double value, bool baseline, bool candidate)
    {
        if (baseline)
        {
            BaselineSum += value;
            BaselineCount++;
        }

        if (candidate)
        {
            CandidateSum += value;
            CandidateCount++;
        }
    }
}
