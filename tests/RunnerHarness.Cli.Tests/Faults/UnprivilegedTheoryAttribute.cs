namespace RunnerHarness.Cli.Tests.Faults;

/// <summary>A theory that needs a user bound by permission bits (<see cref="UnprivilegedUser"/>); skipped, saying why, where there is none.</summary>
public sealed class UnprivilegedTheoryAttribute : TheoryAttribute
{
    public UnprivilegedTheoryAttribute()
    {
        if (UnprivilegedUser.Current.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
