namespace RunnerHarness.Models.Limits;

/// <summary>The answer of the lease board to a request for a lease: the lease, or how long to wait before asking again.</summary>
/// <param name="LeaseId">The lease granted, or <see langword="null"/>.</param>
/// <param name="Wait">When refused: how long until the board can grant, as far as it knows (a rate slot frees at a known time; a concurrency slot when a holder ends).</param>
/// <param name="Reclaimed">Leases of ended processes (or expired ones) the board took back while answering.</param>
internal readonly record struct LeaseGrant(string? LeaseId, TimeSpan Wait, int Reclaimed);
