using RunnerHarness.Matrix;

namespace QaBench;

/// <summary>One question of the dataset, read from its item's fields: <c>question</c>, <c>answer</c>, optional <c>aliases</c> and <c>category</c>.</summary>
/// <param name="Id">The item's id.</param>
/// <param name="Text">The question as asked.</param>
/// <param name="References">The accepted answers: the reference answer first, then its aliases.</param>
/// <param name="Category">The question's category (<c>geography</c>, <c>arithmetic</c>, ...), or <see langword="null"/>.</param>
public sealed record QaQuestion(string Id, string Text, IReadOnlyList<string> References, string? Category)
{
    /// <summary>The question of <paramref name="item"/>.</summary>
    /// <exception cref="KeyNotFoundException">The item has no <c>question</c> or <c>answer</c>; the message names the item and its fields.</exception>
    public static QaQuestion Of(DatasetItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var aliases = item.Has("aliases") ? item.Texts("aliases") : [];
        return new QaQuestion(item.Id, item.Text("question"), [item.Text("answer"), .. aliases], item.TextOrNull("category"));
    }
}
