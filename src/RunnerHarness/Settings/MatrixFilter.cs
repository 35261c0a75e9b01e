namespace RunnerHarness.Settings;

/// <summary>
/// Which part of a batch's matrix runs. An empty list lets every value of its axis through;
/// values compare case-insensitively.
/// </summary>
/// <param name="Models">Models to run.</param>
/// <param name="PromptTypes">Prompt types to run.</param>
/// <param name="Difficulties">Difficulties to run.</param>
/// <param name="TaskTypes">Task types to run.</param>
internal sealed record MatrixFilter(
    IReadOnlyList<string> Models,
    IReadOnlyList<string> PromptTypes,
    IReadOnlyList<string> Difficulties,
    IReadOnlyList<string> TaskTypes)
{
    /// <summary>A filter that lets everything through.</summary>
    public static MatrixFilter None { get; } = new([], [], [], []);

    /// <summary>Whether any axis is restricted.</summary>
    public bool IsRestricted => Models.Count + PromptTypes.Count + Difficulties.Count + TaskTypes.Count > 0;

    /// <summary>Whether a row with these values runs; a <see langword="null"/> value is not filtered.</summary>
    public bool Allows(string? model, string? promptType, string? difficulty, string? taskType) =>
        Admits(Models, model) && Admits(PromptTypes, promptType) && Admits(Difficulties, difficulty) && Admits(TaskTypes, taskType);

    private static bool Admits(IReadOnlyList<string> allowed, string? value) =>
        allowed.Count == 0 || value is null || allowed.Contains(value, StringComparer.OrdinalIgnoreCase);
}
