using RunnerHarness.Aggregation;
using RunnerHarness.Schema;

namespace RunnerHarness.Tests.Aggregation;

public class ResultClassifierTests
{
    [Theory]
    [InlineData(TestOutcome.Passed, null, null, ResultClass.FullSuccess)]
    [InlineData(TestOutcome.Failed, null, null, ResultClass.Failure)]
    [InlineData(TestOutcome.Passed, SuccessLevel.PartialSuccess, null, ResultClass.PartialSuccess)]
    [InlineData(TestOutcome.Passed, SuccessLevel.Failure, null, ResultClass.Failure)]
    [InlineData(TestOutcome.Failed, SuccessLevel.FullSuccess, null, ResultClass.FullSuccess)]
    [InlineData(TestOutcome.Skipped, SuccessLevel.FullSuccess, null, ResultClass.Skipped)]
    [InlineData(TestOutcome.Failed, null, ErrorCategory.RateLimited, ResultClass.Infrastructure)]
    [InlineData(TestOutcome.Failed, SuccessLevel.Failure, ErrorCategory.ProviderError, ResultClass.Infrastructure)]
    [InlineData(TestOutcome.Skipped, null, ErrorCategory.HarnessError, ResultClass.Skipped)]
    [InlineData(TestOutcome.Failed, null, ErrorCategory.Timeout, ResultClass.Failure)]
    // expected is an object because ResultClass is internal and a public test method cannot take it.
    public void Classify_OutcomeLevelAndCategory_GivesDocumentedClass(TestOutcome outcome, SuccessLevel? level, string? category, object expected)
    {
        var record = RecordFactory.Make(outcome, level, category);

        Assert.Equal((ResultClass)expected, ResultClassifier.Classify(record));
    }

    [Theory]
    [InlineData(TestOutcome.Failed, null, null, ErrorCategory.Other)]
    [InlineData(TestOutcome.Failed, null, "not_a_category", ErrorCategory.Other)]
    [InlineData(TestOutcome.Failed, null, ErrorCategory.MaxTurns, ErrorCategory.MaxTurns)]
    [InlineData(TestOutcome.Passed, SuccessLevel.PartialSuccess, ErrorCategory.SequenceOrder, ErrorCategory.SequenceOrder)]
    [InlineData(TestOutcome.Passed, null, null, null)]
    [InlineData(TestOutcome.Passed, SuccessLevel.PartialSuccess, null, null)]
    [InlineData(TestOutcome.Failed, null, ErrorCategory.RateLimited, null)]
    public void ModelErrorCategory_Record_CountsUnderDocumentedCategory(TestOutcome outcome, SuccessLevel? level, string? category, string? expected)
    {
        var record = RecordFactory.Make(outcome, level, category);

        var index = ResultClassifier.ModelErrorCategory(record, ResultClassifier.Classify(record));

        Assert.Equal(expected, index < 0 ? null : ErrorCategory.ModelCategories[index]);
    }
}
