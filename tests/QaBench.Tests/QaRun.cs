using RunnerHarness.Schema;

namespace QaBench.Tests;

/// <summary>One `dotnet test` of the QaBench copy: its exit code, output, and the records it added to the store.</summary>
public sealed record QaRun(int ExitCode, string Output, IReadOnlyList<ResultRecord> Added);
