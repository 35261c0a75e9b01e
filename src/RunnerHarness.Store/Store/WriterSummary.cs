namespace RunnerHarness.Store;

/// <summary>What a <see cref="RecordWriter"/> sealed when it completed.</summary>
/// <param name="RecordCount">Records appended and sealed.</param>
/// <param name="SealedFiles">The files it renamed into <c>data/</c>.</param>
internal sealed record WriterSummary(long RecordCount, IReadOnlyList<string> SealedFiles);
