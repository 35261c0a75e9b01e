using System.Globalization;
using RunnerHarness.Matrix;

namespace RunnerHarness.Models.Simulation;

/// <summary>
/// How a simulated model answers a question of a dataset batch: the row's dataset item carries its reference answer in
/// the field <see cref="ReferenceField"/>, which the simulation plays from (a real model sees only the prompt). With
/// probability equal to its competence the model knows the answer, and then writes it bare (sometimes in other case or with
/// a full stop), or, with probability <c>(1 - competence) x 0.5</c>, wrapped in a sentence that an exact-match scorer
/// rejects. Otherwise it gets it wrong the way models do: a number near the right one, a misspelt name, or no answer.
/// </summary>
/// <remarks>
/// The item's own <c>difficulty</c> field moves the competence like the difficulty axis does (<see cref="SimulatedSkill"/>),
/// when the matrix has no difficulty axis. Every draw is keyed by the sample, which includes the item's id and version, so
/// the same seed, model and item give the same answer in every run, and an edited item is answered afresh.
/// </remarks>
internal static class SimulatedAnswerer
{
    /// <summary>The dataset item field holding the reference answer the simulation plays from.</summary>
    public const string ReferenceField = "answer";

    private const double Verbose = 0.5;

    /// <summary>The answer to the row's dataset item, or <see langword="null"/> when the row has no item with a reference answer.</summary>
    public static SimulatedMove? Answer(MatrixSample? sample, SimulatedDice dice, double competence)
    {
        if (sample?.DatasetItem is not { } item || item.TextOrNull(ReferenceField) is not { Length: > 0 } reference)
        {
            return null;
        }

        if (sample.Difficulty is null && item.TextOrNull("difficulty") is { } difficulty)
        {
            competence = Math.Clamp(competence + SimulatedSkill.DifficultyBonus.GetValueOrDefault(difficulty), 0.05, 0.98);
        }

        if (dice.Happens("knows_answer", 0, competence))
        {
            if (dice.Happens("verbose", 0, (1 - competence) * Verbose))
            {
                return SimulatedMove.Answer($"The answer to this question is {reference}, as far as I know.");
            }

            return SimulatedMove.Answer(dice.Pick("answer_style", 0, 4) switch
            {
                0 => reference.ToLowerInvariant(),
                1 => reference + ".",
                _ => reference,
            });
        }

        return SimulatedMove.Answer(Wrong(reference, dice));
    }

    private static string Wrong(string reference, SimulatedDice dice)
    {
        if (double.TryParse(reference, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            // Off by one, by a factor of ten, or by a slipped decimal: the arithmetic and unit mistakes models make.
            var wrong = dice.Pick("wrong_number", 0, 3) switch
            {
                0 => number + (dice.Happens("sign", 0, 0.5) ? 1 : -1),
                1 => number * 10,
                _ => Math.Round(number * 1.1, 2),
            };
            return wrong.ToString("0.##", CultureInfo.InvariantCulture);
        }

        if (reference.Length > 4 && dice.Happens("misspell", 0, 0.6))
        {
            // Two letters swapped inside the word: Canberra -> Canbrera.
            var at = 1 + dice.Pick("misspell_at", 0, reference.Length - 3);
            return string.Concat(reference.AsSpan(0, at), reference.AsSpan(at + 1, 1), reference.AsSpan(at, 1), reference.AsSpan(at + 2));
        }

        return "I am not sure; I cannot answer this reliably.";
    }
}
