namespace RunnerHarness.Aggregation;

/// <summary>How the per-cell p-values of one comparison are adjusted for testing many cells at once.</summary>
internal enum PValueAdjustment
{
    /// <summary>Benjamini-Hochberg (1995): controls the false discovery rate. The default.</summary>
    BenjaminiHochberg,

    /// <summary>Holm (1979): controls the family-wise error rate; stricter.</summary>
    Holm,

    /// <summary>No adjustment: each cell tested alone.</summary>
    None,
}
