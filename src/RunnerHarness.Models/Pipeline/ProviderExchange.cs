using Microsoft.Extensions.AI;

namespace RunnerHarness.Models.Pipeline;

/// <summary>
/// What one attempt does with the client of its key once its permits are granted: ask for a whole answer, or open a
/// stream and read its first update. <paramref name="timeout"/> fires at the attempt timeout; a stream that outlives the
/// attempt takes <paramref name="hold"/> over (<see cref="AttemptHold.KeepOpen"/>).
/// </summary>
internal delegate ValueTask<T> ProviderExchange<T>(IChatClient client, AttemptHold hold, CancellationToken timeout);
