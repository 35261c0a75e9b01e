using QaBench.Scoring;
using RunnerHarness.Matrix;

namespace QaBench.Tests;

/// <summary>The sample's exact match: the documented normalisation, aliases, and no partial credit.</summary>
public sealed class ExactMatchScorerTests
{
    [Theory]
    [InlineData("Canberra.", "Canberra", true)]
    [InlineData("  CANBERRA! ", "Canberra", true)]
    [InlineData("The Nile", "Nile", true)]
    [InlineData("5,280", "5280", true)]
    [InlineData("0.375", "0.375", true)]
    [InlineData("0.375.", "0.375", true)]
    [InlineData("-135", "-135", true)]
    [InlineData("135", "-135", false)]
    [InlineData("h2o", "H2O", true)]
    [InlineData("Canbrera", "Canberra", false)]
    [InlineData("The answer to this question is Canberra, as far as I know.", "Canberra", false)]
    [InlineData("", "Canberra", false)]
    [InlineData("42.2", "42", false)]
    public void Equal_FollowsTheDocumentedNormalisation(string answer, string reference, bool equal)
    {
        Assert.Equal(equal, AnswerNormalizer.Equal(answer, reference));
    }

    [Fact]
    public void Normalize_RemovesArticlesAndPunctuation_KeepsNumbersWhole()
    {
        Assert.Equal("strait of gibraltar", AnswerNormalizer.Normalize("The Strait of Gibraltar!"));
        Assert.Equal("86400 seconds", AnswerNormalizer.Normalize("86,400 seconds."));
        Assert.Equal("a1 b", AnswerNormalizer.Normalize("a1-b"));
    }

    [Fact]
    public void Grade_AnAlias_MatchesAndNamesTheReferenceItMatched()
    {
        var question = QaQuestion.Of(Item("""{"id": "geo-highest-mountain", "question": "What is the highest mountain above sea level?", "answer": "Mount Everest", "aliases": ["Everest"]}"""));

        var grade = ExactMatchScorer.Grade(question, "everest");

        Assert.True(grade.Matched);
        Assert.Equal("Everest", grade.MatchedReference);
        Assert.False(ExactMatchScorer.Grade(question, "K2").Matched);
        Assert.False(ExactMatchScorer.Grade(question, null).Matched);
    }

    [Fact]
    public void QuestionOf_AnItemWithoutAnswer_FailsNamingTheItemAndItsFields()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => QaQuestion.Of(Item("""{"id": "geo-capital-peru", "question": "What is the capital city of Peru?"}""")));

        Assert.Contains("The dataset item 'geo-capital-peru'", error.Message, StringComparison.Ordinal);
        Assert.Contains("has no field 'answer'; its fields are id, question.", error.Message, StringComparison.Ordinal);
    }

    private static DatasetItem Item(string json) =>
        MatrixDataset.Parse(json + "\n", "questions.jsonl", DatasetFormat.JsonLines).Items[0];
}
