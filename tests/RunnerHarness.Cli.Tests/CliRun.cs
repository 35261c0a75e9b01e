using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Tests;
using RunnerHarness.Tests.Reporting;
using Spectre.Console.Testing;

namespace RunnerHarness.Cli.Tests;

/// <summary>Runs the CLI in-process against a store made of <see cref="SampleRecords"/>, capturing both outputs.</summary>
public sealed class CliRun : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public CliRun(IEnumerable<ResultRecord>? records = null)
    {
        Store = Path.Combine(_directory.Path, "store");
        using var writer = RecordWriter.Open(new StoreLayout(Store), StorageFormat.Json, "fixture");
        foreach (var record in records ?? SampleRecords.All())
        {
            writer.Append(record);
        }

        writer.Complete();
    }

    public string Store { get; }

    public string Directory => _directory.Path;

    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="args"/> in plain mode (as when redirected) and returns the exit code and outputs, the store path replaced by &lt;store&gt;.</summary>
    public (int ExitCode, string Out, string Error) Run(params string[] args) => Run(plain: true, args);

    public (int ExitCode, string Out, string Error) Run(bool plain, params string[] args)
    {
        var context = Context(plain);
        var code = CliApplication.Run(args, context);
        return (code, Clean(((TestConsole)context.Console).Output), Clean(((TestConsole)context.Error).Output));
    }

    /// <summary>A context writing to test consoles, reading <see cref="Environment"/>, at the fixed clock.</summary>
    public CliContext Context(bool plain = true) => new()
    {
        Console = new TestConsole().Width(200),
        Error = new TestConsole().Width(200),
        Environment = name => Environment.GetValueOrDefault(name),
        Clock = new FixedClock(FixedClock.Instant),
        PlainOutput = plain,
        WorkingDirectory = _directory.Path,
    };

    private string Clean(string text) => text.Replace(Store, "<store>", StringComparison.Ordinal).Replace(_directory.Path, "<dir>", StringComparison.Ordinal);

    public void Dispose() => _directory.Dispose();
}
