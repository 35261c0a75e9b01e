namespace RecordingFixture;

/// <summary>A non-serializable theory argument: xUnit must enumerate rows using it at run time.</summary>
public sealed class Workload(string name)
{
    public string Name { get; } = name;

    public override string ToString() => $"workload:{Name}";
}
