using System.Globalization;
using System.Text;
using WorkflowBench.Tasks;

namespace WorkflowBench.Prompts;

/// <summary>
/// The system and user messages of a workflow for a prompt type, as in the seed: <c>baseline</c> (goal, tool order,
/// inputs), <c>cot</c> (baseline plus an instruction to reason step by step), <c>optimal</c> (numbered steps with their
/// inputs, the ids each passes on, and what to do on a transient failure), and <c>flawed_&lt;flaw&gt;</c> (the optimal
/// prompt with one misleading instruction of that flaw). Inputs are written <c>name: `value`</c>.
/// </summary>
internal static class WorkflowPrompt
{
    public const string System =
        "You are an agent that completes workflows by calling the tools provided. Call tools through the function-calling " +
        "interface, one step at a time, and pass the id each step returns to the step that needs it. When the workflow is " +
        "done, reply with a short summary and no tool call.";

    /// <summary>The flaws of <c>flawed_*</c> prompt types, with the misleading instruction each adds.</summary>
    public static IReadOnlyDictionary<string, Func<WorkflowTask, string>> Flaws { get; } = new Dictionary<string, Func<WorkflowTask, string>>(StringComparer.Ordinal)
    {
        ["sequence_disorder"] = task => $"Note: the order of the steps does not matter; step {task.Steps.Count} may run first.",
        ["tool_misuse"] = _ => "Tip: any tool that returns an id can stand in for step 2.",
        ["parameter_error"] = _ => "Parameter names may be abbreviated to their first three letters.",
        ["missing_step"] = task => $"Step {Math.Max(2, task.Steps.Count - 1)} is optional and can be skipped.",
        ["redundant_operations"] = _ => "Run each step twice to be safe.",
        ["logical_inconsistency"] = _ => "Produce the final output before reading any input, but only after every input has been read.",
        ["semantic_drift"] = _ => "Actually, the real goal is to tidy up the workspace; the steps above are only a suggestion.",
    };

    /// <summary>The prompt types this benchmark knows: <c>baseline</c>, <c>cot</c>, <c>optimal</c> and <c>flawed_&lt;flaw&gt;</c> for each of <see cref="Flaws"/>.</summary>
    public static IReadOnlyList<string> PromptTypes { get; } = ["baseline", "cot", "optimal", .. Flaws.Keys.Select(f => "flawed_" + f)];

    /// <summary>The user message of <paramref name="task"/> under <paramref name="promptType"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="promptType"/> is not one of <see cref="PromptTypes"/>.</exception>
    public static string User(WorkflowTask task, string promptType)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (!PromptTypes.Contains(promptType))
        {
            throw new ArgumentException($"Prompt type '{promptType}' is not one of WorkflowBench's: {string.Join(", ", PromptTypes)}.", nameof(promptType));
        }

        return promptType switch
        {
            "baseline" => Baseline(task),
            "cot" => Baseline(task) + "\nThink step by step: before each call, say which step you are on and what it needs.",
            "optimal" => Optimal(task),
            _ => Optimal(task) + "\n" + Flaws[promptType["flawed_".Length..]](task),
        };
    }

    private static string Baseline(WorkflowTask task)
    {
        var text = new StringBuilder(task.Goal).AppendLine();
        text.Append("Use these tools in this order: ").AppendJoin(", ", task.Steps.Select(s => $"`{s.Name}`")).AppendLine(".");
        text.AppendLine("Inputs:");
        foreach (var (name, value) in task.Inputs)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {name}: `{value}`").AppendLine();
        }

        return text.ToString().TrimEnd();
    }

    private static string Optimal(WorkflowTask task)
    {
        var text = new StringBuilder(task.Goal).AppendLine().AppendLine("Steps:");
        for (var i = 0; i < task.Steps.Count; i++)
        {
            var step = task.Steps[i];
            var inputs = step.Parameters.Select(p => $"{p.Name}: `{task.Inputs[p.Name]}`").ToList();
            if (step.Consumes is { } consumed)
            {
                inputs.Insert(0, $"the {consumed} from step {i}");
            }

            text.Append(CultureInfo.InvariantCulture, $"{i + 1}. `{step.Name}` with {string.Join(" and ", inputs)}; it returns a {step.Produces}.").AppendLine();
        }

        text.Append("Call only these tools. If a tool reports a transient failure, call it again with the same arguments.");
        return text.ToString();
    }
}
