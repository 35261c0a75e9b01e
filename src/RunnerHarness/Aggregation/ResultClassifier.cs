using RunnerHarness.Schema;

namespace RunnerHarness.Aggregation;

/// <summary>
/// Derives a record's <see cref="ResultClass"/> (its effective success level) and the model error
/// category it counts under. The rules are documented in <c>docs/aggregation.md</c>; every report,
/// comparison, progress count and export uses these and no other.
/// </summary>
internal static class ResultClassifier
{
    /// <summary>The columns <see cref="Classify"/> and <see cref="ModelErrorCategory"/> read.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        [RecordColumns.Outcome, RecordColumns.SuccessLevel, RecordColumns.ErrorCategory];

    /// <summary>
    /// The record's class, in this order: a skipped test is <see cref="ResultClass.Skipped"/>; a record
    /// whose <c>error_category</c> is an infrastructure category is <see cref="ResultClass.Infrastructure"/>;
    /// a record with a <c>success_level</c> takes it (the test knows better than xUnit's outcome whether the
    /// model succeeded); otherwise <c>passed</c> is a full success and <c>failed</c> a failure.
    /// </summary>
    public static ResultClass Classify(ResultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Classify(new ResultRecordRow(record));
    }

    /// <summary><see cref="Classify(ResultRecord)"/> of a row of a record or of a decoded row group.</summary>
    public static ResultClass Classify<TRow>(TRow record)
        where TRow : struct, IRecordRow
    {
        if (record.Outcome == TestOutcome.Skipped)
        {
            return ResultClass.Skipped;
        }

        if (ErrorCategory.IsInfrastructure(record.ErrorCategory))
        {
            return ResultClass.Infrastructure;
        }

        return record.SuccessLevel switch
        {
            SuccessLevel.FullSuccess => ResultClass.FullSuccess,
            SuccessLevel.PartialSuccess => ResultClass.PartialSuccess,
            SuccessLevel.Failure => ResultClass.Failure,
            _ => record.Outcome == TestOutcome.Passed ? ResultClass.FullSuccess : ResultClass.Failure,
        };
    }

    /// <summary>Whether records of <paramref name="resultClass"/> are model results (enter totals and rates).</summary>
    public static bool IsModelResult(ResultClass resultClass) =>
        resultClass is ResultClass.FullSuccess or ResultClass.PartialSuccess or ResultClass.Failure;

    /// <summary>
    /// The index in <see cref="ErrorCategory.ModelCategories"/> of the error a model result counts as, or -1
    /// when it is no error. A record carrying one of the eight model categories counts under it (also a
    /// partial success that names what went wrong); a failure without one, or with an unknown spelling,
    /// counts as <c>other</c>, so every failure is an error and the shares add up to 1.
    /// </summary>
    public static int ModelErrorCategory(ResultRecord record, ResultClass resultClass)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ModelErrorCategory(new ResultRecordRow(record), resultClass);
    }

    /// <summary><see cref="ModelErrorCategory(ResultRecord, ResultClass)"/> of a row of a record or of a decoded row group.</summary>
    public static int ModelErrorCategory<TRow>(TRow record, ResultClass resultClass)
        where TRow : struct, IRecordRow
    {
        if (!IsModelResult(resultClass))
        {
            return -1;
        }

        if (record.ErrorCategory is { } category)
        {
            for (var i = 0; i < ErrorCategory.ModelCategories.Count; i++)
            {
                if (string.Equals(ErrorCategory.ModelCategories[i], category, StringComparison.Ordinal))
                {
                    return i;
                }
            }
        }

        return resultClass == ResultClass.Failure ? OtherIndex : -1;
    }

    private static readonly int OtherIndex = IndexOf(ErrorCategory.Other);

    private static int IndexOf(string category)
    {
        for (var i = 0; i < ErrorCategory.ModelCategories.Count; i++)
        {
            if (ErrorCategory.ModelCategories[i] == category)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"'{category}' is not a model error category.");
    }
}
