namespace WorkflowBench;

/// <summary>
/// The matrix file the batch runs: <c>workflow-matrix.json</c> (the default, under a minute), or
/// <c>workflow-study.json</c> (the full study) when built with the MSBuild property <c>WorkflowBenchMatrix=study</c>
/// (<c>-p:WorkflowBenchMatrix=study</c>, or the environment variable of that name, which MSBuild reads as a property).
/// </summary>
internal static class WorkflowMatrix
{
#if WORKFLOW_BENCH_STUDY
    public const string File = "workflow-study.json";
#else
    public const string File = "workflow-matrix.json";
#endif
}
