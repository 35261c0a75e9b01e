using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.AI.Evaluation;
using RunnerHarness.Models;
using RunnerHarness.Models.Transcripts;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Xunit;

/// <summary>Judges: any <c>Microsoft.Extensions.AI.Evaluation</c> evaluator, run on a judge model of <c>ModelClients</c>, recorded into the record.</summary>
public sealed partial class ModelTestContext
{
    /// <summary>The dimension naming the judge model(s), as <c>ModelClients</c> knows them (several joined by <c>,</c>).</summary>
    public const string JudgeModelDimension = "judge_model";

    /// <summary>The dimension holding the judge model's model id (several joined by <c>,</c>).</summary>
    public const string JudgeModelIdDimension = "judge_model_id";

    /// <summary>Suffix of the metric holding a metric's interpretation <c>failed</c>, 1 or 0 (<c>correctness.failed</c>).</summary>
    public const string FailedSuffix = ".failed";

    /// <summary>Suffix of the dimension holding a metric's interpretation rating, lower case (<c>correctness.rating</c> = <c>good</c>).</summary>
    public const string RatingSuffix = ".rating";

    /// <summary>Suffix of the dimension holding the reason the evaluator gave for a metric (<c>correctness.reason</c>).</summary>
    public const string ReasonSuffix = ".reason";

    /// <summary>
    /// Runs <paramref name="evaluator"/> on the sample's <paramref name="messages"/> and <paramref name="response"/> with the
    /// chat client of <paramref name="judgeModel"/> from <c>ModelClients</c> (its limits, retries, cache and simulation),
    /// its calls kept in the sample's transcript as kind <c>judge</c>, and records the result (docs/judges.md): each
    /// numeric metric into <c>metrics</c> by its name, a boolean metric there as 1 or 0, a string metric into
    /// <c>dimensions</c> by its name; an interpretation's <c>failed</c> as the metric <c>NAME.failed</c> (1 or 0) and its
    /// rating as the dimension <c>NAME.rating</c>; a metric's reason as the dimension <c>NAME.reason</c>; and the judge as
    /// the dimensions <c>judge_model</c> and <c>judge_model_id</c>.
    /// </summary>
    /// <returns>The evaluator's result, for the test to use further.</returns>
    /// <exception cref="JudgeFailedException">
    /// A metric came back with an error diagnostic (for example a judge answer the evaluator could not read): the test
    /// fails with the diagnostics rather than record a metric the judge never gave (the judge is named in the record); or
    /// a string metric is named like a record column (<c>model</c>, <c>prompt_type</c>, ...), which it would overwrite.
    /// </exception>
    public async Task<EvaluationResult> EvaluateAsync(
        IEvaluator evaluator,
        string judgeModel,
        IEnumerable<ChatMessage> messages,
        ChatResponse response,
        IEnumerable<EvaluationContext>? additionalContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentException.ThrowIfNullOrWhiteSpace(judgeModel);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(response);

        var client = ModelClients.Get(judgeModel);
        EvaluationResult result;
        using (TranscriptScope.As(TranscriptKinds.Judge))
        {
            result = await evaluator.EvaluateAsync(messages, response, new ChatConfiguration(client), additionalContext, cancellationToken).ConfigureAwait(false);
        }

        var modelId = Usage?.ModelOf(judgeModel)?.ModelId ?? client.GetService<ChatClientMetadata>()?.DefaultModelId;
        AddJudge(JudgeModelDimension, judgeModel);
        if (modelId is not null)
        {
            AddJudge(JudgeModelIdDimension, modelId);
        }

        var errors = result.Metrics.Values
            .SelectMany(m => (m.Diagnostics ?? []).Where(d => d.Severity == EvaluationDiagnosticSeverity.Error).Select(d => $"{m.Name}: {d.Message}"))
            .ToList();
        if (errors.Count > 0)
        {
            throw new JudgeFailedException(
                $"The evaluator {evaluator.GetType().Name} on the judge model '{judgeModel}' reported {errors.Count} error(s); no metric of it is recorded. {string.Join(" | ", errors)}");
        }

        // A string metric goes into dimensions by its name; one named like a cell column would silently move the row's cell.
        if (result.Metrics.Values.OfType<StringMetric>().FirstOrDefault(m => Recording.ArgumentColumns.IsColumn(m.Name)) is { } clash)
        {
            throw new JudgeFailedException(
                $"The evaluator {evaluator.GetType().Name} returned the string metric '{clash.Name}', which is the name of a record column; a judge cannot change the row's {clash.Name}. Rename the metric.");
        }

        foreach (var metric in result.Metrics.Values)
        {
            Record(metric);
        }

        return result;
    }

    private void Record(EvaluationMetric metric)
    {
        switch (metric)
        {
            case NumericMetric { Value: { } number }:
                SetMetric(metric.Name, number);
                break;
            case BooleanMetric { Value: { } flag }:
                SetMetric(metric.Name, flag ? 1 : 0);
                break;
            case StringMetric { Value: { } text }:
                SetDimension(metric.Name, text);
                break;
        }

        if (metric.Interpretation is { } interpretation)
        {
            SetMetric(metric.Name + FailedSuffix, interpretation.Failed ? 1 : 0);
            SetDimension(metric.Name + RatingSuffix, interpretation.Rating.ToString().ToLowerInvariant());
        }

        if (metric.Reason is { Length: > 0 } reason)
        {
            SetDimension(metric.Name + ReasonSuffix, reason);
        }
    }

    // A second judge of the same sample is added to the list, so neither is hidden.
    private void AddJudge(string dimension, string value)
    {
        lock (_gate)
        {
            _dimensions[dimension] = _dimensions.TryGetValue(dimension, out var earlier) && earlier != value
                && !earlier.Split(',').Contains(value, StringComparer.Ordinal)
                ? string.Create(CultureInfo.InvariantCulture, $"{earlier},{value}")
                : value;
        }
    }
}
