using RunnerHarness.Launching;

namespace RunnerHarness.Tests.Launching;

public sealed class RunPlanLogTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void ReadAll_TwoHostsAndARepeatedBatch_EachHostsLatestPlanPerBatch()
    {
        var plans = Path.Combine(_directory.Path, "plans");
        RunPlanLog.Append(plans, new PlannedBatch("WorkflowBench.Workflow.Run", "0/2", 60));
        RunPlanLog.Append(plans, new PlannedBatch("WorkflowBench.Workflow.Run", "0/2", 54));
        RunPlanLog.Append(plans, new PlannedBatch("WorkflowBench.Tools.Run", "0/2", 12));
        File.WriteAllText(Path.Combine(plans, "other-host.jsonl"), "{\"batch\":\"WorkflowBench.Workflow.Run\",\"shard\":\"1/2\",\"rows\":54}\n{\"batch\":\"WorkflowBench.Tools.Ru");

        var read = RunPlanLog.ReadAll(plans);

        Assert.Equal(
            [new PlannedBatch("WorkflowBench.Tools.Run", "0/2", 12), new PlannedBatch("WorkflowBench.Workflow.Run", "0/2", 54), new PlannedBatch("WorkflowBench.Workflow.Run", "1/2", 54)],
            read.OrderBy(p => p.Shard, StringComparer.Ordinal).ThenBy(p => p.Batch, StringComparer.Ordinal));
    }

    [Fact]
    public void ReadAll_NoFolder_NoPlans() => Assert.Empty(RunPlanLog.ReadAll(Path.Combine(_directory.Path, "plans")));
}
