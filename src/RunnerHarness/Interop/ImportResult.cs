using RunnerHarness.Store;

namespace RunnerHarness.Interop;

/// <summary>What an import added to a store.</summary>
/// <param name="Records">Records appended: the input's, less those stored already or repeated in it (<see cref="AlreadyStored"/>, <see cref="RepeatedInInput"/>).</param>
/// <param name="SealedFiles">The files the import sealed into <c>data/</c>.</param>
/// <param name="Problems">Input that could not be imported, each skipped and named.</param>
internal sealed record ImportResult(long Records, IReadOnlyList<string> SealedFiles, IReadOnlyList<StoreProblem> Problems)
{
    /// <summary>Lines imported (not skipped) that carried a <c>run_id</c> of their own and were given the import's run instead (<c>import --run</c>).</summary>
    public long RunIdsReplaced { get; init; }

    /// <summary>Lines imported (not skipped) that carried a <c>run_id</c> of their own and kept it (no <c>--run</c> given).</summary>
    public long RunIdsKept { get; init; }

    /// <summary>Records of the input the store held already with the same content (apart from where they were written), skipped.</summary>
    public long AlreadyStored { get; init; }

    /// <summary>Lines (or rebuilt records) repeating the id and content of an earlier one of the input, skipped.</summary>
    public long RepeatedInInput { get; init; }
}
