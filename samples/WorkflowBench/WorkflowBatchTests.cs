using RunnerHarness.Xunit;

namespace WorkflowBench;

/// <summary>The workflow batch: one theory row per sample of workflow-matrix.json; the result and its scores go to the store.</summary>
public sealed class WorkflowBatchTests
{
    /// <summary>
    /// Plays one sample. The rows are the samples the store does not hold yet (top-up), of this shard, within the
    /// run's filters, several at once within the row limits. A model's failure is recorded as
    /// <c>success_level = failure</c> with its error category; the test itself fails only when the harness does, so
    /// `dotnet test` stays green for a full batch.
    /// </summary>
    [Theory]
    [ModelMatrix("workflow-matrix.json")]
    public void Workflow(ModelCase modelCase)
    {
        ArgumentNullException.ThrowIfNull(modelCase);
        var context = ModelTestContext.Current;
        DeterministicPolicy.Play(modelCase, context);
        Assert.NotNull(context.SuccessLevel);
    }
}
