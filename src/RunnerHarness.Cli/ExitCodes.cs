namespace RunnerHarness.Cli;

/// <summary>
/// Every exit code the tool returns, in one place; <c>docs/cli.md</c> lists the same table.
/// Scripts and CI gates rely on these numbers: add codes, never renumber one.
/// </summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked (a report was made, the gates passed).</summary>
    public const int Success = 0;

    /// <summary>A gate failed: a regression with <c>--fail-on-regression</c>, a rate below <c>--min-success-rate</c>, or cells short of target with <c>--fail-if-incomplete</c>.</summary>
    public const int GateFailed = 1;

    /// <summary>The command line is wrong: unknown option, bad value, missing argument.</summary>
    public const int UsageError = 2;

    /// <summary>The store (for <c>cache</c>, the response cache folder) does not exist or cannot be read.</summary>
    public const int StoreUnavailable = 3;

    /// <summary>The selection holds no records where some are needed (e.g. one side of a comparison is empty).</summary>
    public const int NoData = 4;

    /// <summary>
    /// The file system refused an operation on the store (disk full, permission denied, read-only file
    /// system, a device error); the message names the path and the cause. A compaction, migration or
    /// import that fails this way has removed its own new files, so the store is as it was.
    /// </summary>
    public const int FileSystemError = 5;

    /// <summary>An output file could not be written.</summary>
    public const int OutputError = 6;

    /// <summary><c>verify</c> found problems in the store, <c>cache verify</c> found damaged cache files, or <c>migrate</c> found that its result would differ from the store; nothing was deleted.</summary>
    public const int StoreDamaged = 7;

    /// <summary><c>run</c>: building the test project failed; nothing ran. The build output is in <c>&lt;store&gt;/logs/&lt;run id&gt;/build.log</c>.</summary>
    public const int BuildFailed = 8;

    /// <summary><c>run</c>: a shard's <c>dotnet test</c> failed (a test failed, or the shard crashed); the output names the shard and its log.</summary>
    public const int ShardFailed = 9;

    /// <summary><c>import</c> was refused: some record ids are already stored (or repeated in the input) with different content; the message lists them and nothing was written.</summary>
    public const int ImportRefused = 10;

    /// <summary><c>run</c> was stopped with Ctrl+C (128 + SIGINT, as shells report it); records written before that are kept.</summary>
    public const int Interrupted = 130;

    /// <summary>An unexpected error: a bug. The message and stack trace go to standard error.</summary>
    public const int InternalError = 70;
}
