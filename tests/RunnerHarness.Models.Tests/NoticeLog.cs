namespace RunnerHarness.Models.Tests;

/// <summary>Collects what a model runtime tells the user (its notices), thread-safe.</summary>
internal sealed class NoticeLog
{
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public void Add(string line)
    {
        lock (_gate)
        {
            _lines.Add(line);
        }
    }
}
