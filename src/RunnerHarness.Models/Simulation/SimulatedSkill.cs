using RunnerHarness.Matrix;

namespace RunnerHarness.Models.Simulation;

/// <summary>
/// How competent a simulated model is on one sample: its profile's skill moved by the prompt type and the
/// difficulty, and which kind of mistake a flawed prompt leads it into.
/// </summary>
public static class SimulatedSkill
{
    /// <summary>The prompt types a simulated model knows, with the competence each adds; any other adds 0.</summary>
    public static IReadOnlyDictionary<string, double> PromptBonus { get; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["optimal"] = 0.08,
        ["cot"] = 0.04,
        ["baseline"] = 0.0,
    };

    /// <summary>Competence a flawed prompt (<c>flawed_*</c>) takes away, whatever its flaw.</summary>
    public const double FlawedPenalty = 0.10;

    /// <summary>The difficulties, with the competence each adds; any other adds 0 (as <c>medium</c>).</summary>
    public static IReadOnlyDictionary<string, double> DifficultyBonus { get; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["very_easy"] = 0.12,
        ["easy"] = 0.06,
        ["medium"] = 0.0,
        ["hard"] = -0.12,
        ["very_hard"] = -0.24,
    };

    /// <summary>
    /// The competence, from 0.05 to 0.98, of <paramref name="profile"/> on <paramref name="sample"/>: skill plus the
    /// prompt type's and the difficulty's bonus. Without a sample (a call outside a model-batch row) the profile's skill.
    /// </summary>
    public static double Competence(SimulatedModelProfile profile, MatrixSample? sample)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var competence = profile.Skill;
        if (sample?.PromptType is { } prompt)
        {
            competence += IsFlawed(prompt) ? -FlawedPenalty : PromptBonus.GetValueOrDefault(prompt);
        }

        if (sample?.Difficulty is { } difficulty)
        {
            competence += DifficultyBonus.GetValueOrDefault(difficulty);
        }

        return Math.Clamp(competence, 0.05, 0.98);
    }

    /// <summary>The flaw of a <c>flawed_&lt;flaw&gt;</c> prompt type (e.g. <c>sequence_disorder</c>), or <see langword="null"/>.</summary>
    public static string? FlawOf(string? promptType) =>
        promptType is not null && IsFlawed(promptType) ? promptType["flawed_".Length..] : null;

    private static bool IsFlawed(string promptType) => promptType.StartsWith("flawed_", StringComparison.Ordinal);
}
