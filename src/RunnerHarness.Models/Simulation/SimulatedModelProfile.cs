namespace RunnerHarness.Models.Simulation;

/// <summary>
/// What a simulated model is like: how skilled it is at tool-use workflows, how much it writes, and how fast a real
/// provider would answer for it.
/// </summary>
/// <param name="Name">The profile's name.</param>
/// <param name="Skill">
/// Base competence from 0 to 1 on a medium task with a baseline prompt; prompt type and difficulty move it (see
/// <see cref="SimulatedSkill"/>). Every decision that can go wrong goes wrong with a probability that falls as it rises.
/// </param>
/// <param name="ReasoningTokens">Output tokens spent per turn beyond the visible answer (doubled for <c>cot</c> prompts).</param>
/// <param name="TimeToFirstToken">Latency before the first token, under realistic latency.</param>
/// <param name="OutputTokensPerSecond">Generation speed, under realistic latency.</param>
public sealed record SimulatedModelProfile(
    string Name,
    double Skill,
    int ReasoningTokens,
    TimeSpan TimeToFirstToken,
    double OutputTokensPerSecond)
{
    /// <summary>A small model: often slips on format, parameters and order; fast.</summary>
    public static SimulatedModelProfile Small { get; } = new("sim-small", 0.55, 20, TimeSpan.FromMilliseconds(150), 120);

    /// <summary>A medium model, and the profile of every model name without one of its own.</summary>
    public static SimulatedModelProfile Medium { get; } = new("sim-medium", 0.72, 40, TimeSpan.FromMilliseconds(250), 80);

    /// <summary>A large model: rarely slips, recovers from tool failures; slower.</summary>
    public static SimulatedModelProfile Large { get; } = new("sim-large", 0.88, 60, TimeSpan.FromMilliseconds(400), 50);

    /// <summary>A model kept for judging (QaBench's judge): careful, so it misjudges about one answer in twenty.</summary>
    public static SimulatedModelProfile Judge { get; } = new("sim-judge", 0.9, 30, TimeSpan.FromMilliseconds(300), 60);

    /// <summary>The profiles with a name of their own: <c>sim-small</c>, <c>sim-medium</c>, <c>sim-large</c>, <c>sim-judge</c>.</summary>
    public static IReadOnlyList<SimulatedModelProfile> Known { get; } = [Small, Medium, Large, Judge];

    /// <summary>
    /// The profile that <paramref name="model"/> plays: the known profile of that name (case-insensitive), otherwise
    /// <see cref="Medium"/>'s figures under the model's own name, so a matrix naming real models still runs offline.
    /// </summary>
    public static SimulatedModelProfile For(string model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return Known.FirstOrDefault(p => string.Equals(p.Name, model, StringComparison.OrdinalIgnoreCase))
            ?? Medium with { Name = model };
    }
}
