namespace RunnerHarness.Store;

/// <summary>One problem found in a store. Reporting a problem never deletes or changes anything.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Path">The file concerned.</param>
/// <param name="Message">What is wrong, for a person; names the line where there is one.</param>
public sealed record StoreProblem(StoreProblemKind Kind, string Path, string Message)
{
    /// <summary>The problem as one line, e.g. <c>corrupt-file data/x.parquet: ...</c>.</summary>
    public override string ToString() => $"{Kind}: {Path}: {Message}";
}
