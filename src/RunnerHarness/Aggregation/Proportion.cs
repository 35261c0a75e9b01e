namespace RunnerHarness.Aggregation;

/// <summary>A count out of a total, its rate and its 95% Wilson interval.</summary>
internal sealed record Proportion
{
    /// <summary>Creates the proportion of <paramref name="count"/> out of <paramref name="total"/>.</summary>
    public Proportion(long count, long total)
    {
        Count = count;
        Total = total;
        Rate = total == 0 ? null : (double)count / total;
        Interval = WilsonInterval.Compute(count, total);
    }

    /// <summary>The count.</summary>
    public long Count { get; }

    /// <summary>What the count is out of.</summary>
    public long Total { get; }

    /// <summary><see cref="Count"/> / <see cref="Total"/>, or <see langword="null"/> when the total is 0.</summary>
    public double? Rate { get; }

    /// <summary>The 95% Wilson interval of <see cref="Rate"/>, or <see langword="null"/> when the total is 0.</summary>
    public ConfidenceInterval? Interval { get; }
}
