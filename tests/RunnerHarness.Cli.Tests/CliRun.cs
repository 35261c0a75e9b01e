using RunnerHarness.Aggregation;
using RunnerHarness.Schema;
using RunnerHarness.Settings;
using RunnerHarness.Store;
using RunnerHarness.Tests;
using RunnerHarness.Tests.Reporting;
using Spectre.Console.Testing;

namespace RunnerHarness.Cli.Tests;

/// <summary>Runs the CLI in-process against a store made of <see cref="SampleRecords"/> in a chosen format (JSON Lines by default), capturing both outputs.</summary>
public sealed class CliRun : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    /// <summary>Creates the working directory with the <see cref="SampleRecords"/> store, sealed in <paramref name="format"/>, below it.</summary>
    public CliRun(StorageFormat format)
        : this(null, format: format)
    {
    }

    /// <summary>Creates the working directory with the store at <paramref name="storePath"/> below it, sealed in <paramref name="format"/>.</summary>
    public CliRun(IEnumerable<ResultRecord>? records = null, StorageFormat format = StorageFormat.Json, string storePath = "store")
    {
        Store = Path.Combine(_directory.Path, storePath);
        WriteStore(Store, records ?? SampleRecords.All(), format);
    }

    /// <summary>Writes <paramref name="records"/> as a sealed store in <paramref name="format"/> (default JSON Lines) at <paramref name="path"/>.</summary>
    public static void WriteStore(string path, IEnumerable<ResultRecord> records, StorageFormat format = StorageFormat.Json)
    {
        using var writer = RecordWriter.Open(new StoreLayout(path), SampleHoldings.Rule, format, "fixture");
        foreach (var record in records)
        {
            writer.Append(record);
        }

        writer.Complete();
    }

    public string Store { get; }

    public string Directory => _directory.Path;

    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>The files the CLI asked the operating system to open, in order; no browser is started.</summary>
    public List<string> Opened { get; } = [];

    /// <summary>Replaces how files are opened (default: recorded in <see cref="Opened"/>), e.g. to fail like a machine without a browser.</summary>
    public Action<string>? OpenFile { get; set; }

    /// <summary>The console width.</summary>
    public int Width { get; set; } = 200;

    /// <summary>Whether the rich console emits ANSI colours (it does not by default, so output compares as text).</summary>
    public bool Colours { get; set; }

    /// <summary>Runs <paramref name="args"/> in plain mode (as when redirected) and returns the exit code and outputs, the store path replaced by &lt;store&gt;.</summary>
    public (int ExitCode, string Out, string Error) Run(params string[] args) => Run(plain: true, args);

    public (int ExitCode, string Out, string Error) Run(bool plain, params string[] args)
    {
        var context = Context(plain);
        var since = DateTime.UtcNow;
        var code = CliApplication.Run(args, context);

        // What a `run` produced goes through the suite's one check of produced stores, as every child process's store does.
        if (args is ["run", ..] && ProducedStores.StoreOf(args, null, _directory.Path) is { } store)
        {
            ProducedStores.Check(store, since, $"runner-harness {string.Join(' ', args)}");
        }

        return (code, Clean(((TestConsole)context.Console).Output), Clean(((TestConsole)context.Error).Output));
    }

    /// <summary>A context writing to test consoles, reading <see cref="Environment"/>, at the fixed clock.</summary>
    public CliContext Context(bool plain = true)
    {
        var console = new TestConsole().Width(Width);
        if (Colours)
        {
            console.Colors(Spectre.Console.ColorSystem.Standard).EmitAnsiSequences();
        }

        return new()
        {
            Console = console,
            Error = new TestConsole().Width(200),
            Environment = name => Environment.GetValueOrDefault(name),
            Clock = new FixedClock(FixedClock.Instant),
            PlainOutput = plain,
            WorkingDirectory = _directory.Path,
            OpenFile = OpenFile ?? Opened.Add,
        };
    }

    private string Clean(string text) => text.Replace(Store, "<store>", StringComparison.Ordinal).Replace(_directory.Path, "<dir>", StringComparison.Ordinal);

    public void Dispose() => _directory.Dispose();
}
