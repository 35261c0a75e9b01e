using Microsoft.Extensions.AI;

namespace WorkflowBench.Tasks;

/// <summary>
/// One workflow the model must run: a goal, the required steps in order, the inputs the task gives (parameter name to
/// value), and distractor tools offered beside the steps (more at higher difficulty).
/// </summary>
internal sealed record WorkflowTask(string TaskType, string Goal, IReadOnlyList<WorkflowTool> Steps, IReadOnlyDictionary<string, string> Inputs, IReadOnlyList<WorkflowTool> Distractors)
{
    /// <summary>Every tool offered to the model: steps and distractors interleaved, so the offer order does not give the plan away.</summary>
    public IReadOnlyList<WorkflowTool> Offered { get; } = Interleave(Steps, Distractors);

    /// <summary>The tool declarations for <see cref="ChatOptions.Tools"/>.</summary>
    public IList<AITool> Declarations() => [.. Offered.Select(t => t.Declaration())];

    /// <summary>The step named <paramref name="name"/>, or <see langword="null"/>.</summary>
    public WorkflowTool? Step(string name) => Steps.FirstOrDefault(s => s.Name == name);

    /// <summary>The offered tool named <paramref name="name"/>, or <see langword="null"/>.</summary>
    public WorkflowTool? Tool(string name) => Offered.FirstOrDefault(t => t.Name == name);

    // Reversed steps with distractors between them: the model must read the task to learn the order.
    private static List<WorkflowTool> Interleave(IReadOnlyList<WorkflowTool> steps, IReadOnlyList<WorkflowTool> distractors)
    {
        var offered = new List<WorkflowTool>();
        for (var i = 0; i < Math.Max(steps.Count, distractors.Count); i++)
        {
            if (i < steps.Count)
            {
                offered.Add(steps[steps.Count - 1 - i]);
            }

            if (i < distractors.Count)
            {
                offered.Add(distractors[i]);
            }
        }

        return offered;
    }
}
