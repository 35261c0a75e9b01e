namespace RunnerHarness.Models.Simulation;

/// <summary>How simulated models play their samples.</summary>
/// <param name="Seed">
/// Mixed into every decision a simulated model makes. The same seed, model, sample and conversation give the same
/// answer in every process; another seed gives another, equally plausible, run of the same study. Default 0.
/// </param>
/// <param name="RealisticLatency">
/// When <see langword="true"/>, each response waits about as long as the model's profile says a real provider would
/// (time to first token plus output tokens at the profile's speed). Default <see langword="false"/>: answers at once.
/// </param>
public sealed record SimulatedModelOptions(int Seed = 0, bool RealisticLatency = false);
