namespace RunnerHarness.Aggregation;

/// <summary>How a paired comparison of per-item means (scores, or success rates of repeated samples) is tested.</summary>
internal enum PairedResampling
{
    /// <summary>Sign-flip permutation: under no difference each item's difference is as likely negated. The default.</summary>
    SignFlip,

    /// <summary>Paired bootstrap of the centred differences.</summary>
    Bootstrap,
}
