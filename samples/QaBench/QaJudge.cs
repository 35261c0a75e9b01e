namespace QaBench;

/// <summary>The judge of the batch.</summary>
internal static class QaJudge
{
    /// <summary>
    /// The judge model, by the name <c>ModelClients</c> knows it: the simulated judge without a models file; a models file
    /// entry of this name points it at a real model (README, "The judge").
    /// </summary>
    public const string Model = "sim-judge";
}
