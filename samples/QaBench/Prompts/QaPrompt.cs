using Microsoft.Extensions.AI;

namespace QaBench.Prompts;

/// <summary>The prompt of a question: a system message asking for the bare answer, then the question.</summary>
public static class QaPrompt
{
    /// <summary>The system message: exact-match grading needs the answer alone, so the prompt asks for nothing else.</summary>
    public const string Instructions =
        "Answer the question with the answer alone: a name, a word or a number, with no sentence, no unit and no explanation. " +
        "Write numbers in digits, without thousands separators.";

    /// <summary>The messages that ask <paramref name="question"/>.</summary>
    public static IReadOnlyList<ChatMessage> For(QaQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, question.Text)];
    }
}
