using System.Globalization;

namespace RunnerHarness.Store;

/// <summary>Run ids: how they are made and which are valid.</summary>
internal static class RunIdentity
{
    /// <summary>A new run id: the UTC time to the second and four random hex digits, e.g. <c>20261127-020127-3fa9</c>.</summary>
    public static string NewRunId(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow().UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{now:yyyyMMdd-HHmmss}-{Random.Shared.Next(0x10000):x4}");
    }

    /// <summary>Whether <paramref name="runId"/> can name files: 1 to 100 ASCII letters, digits, '.', '_' or '-', not starting with '.'.</summary>
    public static bool IsValidRunId(string? runId) =>
        runId is { Length: > 0 and <= 100 }
        && runId[0] != '.'
        && runId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
