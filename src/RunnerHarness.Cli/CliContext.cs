using System.Diagnostics;
using RunnerHarness.Cli.Stores;
using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.Reporting;
using RunnerHarness.Settings;
using Spectre.Console;

namespace RunnerHarness.Cli;

/// <summary>
/// What a command may touch of the outside world: consoles, environment, clock and working directory.
/// Tests pass their own (a <c>TestConsole</c>, a fixed clock); <see cref="FromProcess"/> is the real one.
/// </summary>
public sealed class CliContext
{
    // The store setting and its default are the test host's (HarnessSettingDefinitions.StorePath), never a copy.
    private static string StoreVariable => HarnessSettingDefinitions.StorePath.EnvironmentVariable;

    private const string DefaultStore = HarnessSettings.DefaultStoreDirectoryName;

    // The URL stores this command opened, by their mirror folder: outputs name the URL, and writing commands publish.
    private readonly Dictionary<string, UrlStore> _urlStores = new(StringComparer.Ordinal);

    /// <summary>Standard output. Machine-readable output is written raw to its <c>Profile.Out.Writer</c>.</summary>
    public required IAnsiConsole Console { get; init; }

    /// <summary>Standard error: warnings and errors.</summary>
    public required IAnsiConsole Error { get; init; }

    /// <summary>Reads an environment variable.</summary>
    public required Func<string, string?> Environment { get; init; }

    /// <summary>The clock reports are stamped with.</summary>
    public required TimeProvider Clock { get; init; }

    /// <summary>Plain text instead of tables and colours: output is redirected, or <c>CI=true</c>.</summary>
    public required bool PlainOutput { get; init; }

    /// <summary>The directory relative paths are resolved against.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>
    /// Opens a file in the user's default application (for an HTML report, the browser). The real one hands the
    /// path to the operating system (<c>xdg-open</c>, <c>open</c>, the Windows shell); tests record the path instead.
    /// </summary>
    public required Action<string> OpenFile { get; init; }

    /// <summary>Raw standard output, for JSON, Markdown, CSV and help text.</summary>
    public TextWriter Out => Console.Profile.Out.Writer;

    /// <summary>Writes a line to standard error, unwrapped.</summary>
    public void WriteError(string text)
    {
        Error.Profile.Out.Writer.Write(VisibleText.Of(text, keepLineBreaks: true));
        Error.Profile.Out.Writer.Write('\n');
    }

    /// <summary>Writes a line of text to standard output (unwrapped in plain mode).</summary>
    public void WriteLine(string text)
    {
        text = VisibleText.Of(text, keepLineBreaks: true);
        if (PlainOutput)
        {
            Out.Write(text);
            Out.Write('\n');
        }
        else
        {
            Console.WriteLine(text);
        }
    }

    /// <summary>The context of this process.</summary>
    public static CliContext FromProcess()
    {
        var ci = System.Environment.GetEnvironmentVariable("CI");
        var plain = System.Console.IsOutputRedirected
            || string.Equals(ci, "true", StringComparison.OrdinalIgnoreCase)
            || ci == "1";
        return new CliContext
        {
            Console = Create(System.Console.Out, plain),
            Error = Create(System.Console.Error, plain || System.Console.IsErrorRedirected),
            Environment = System.Environment.GetEnvironmentVariable,
            Clock = TimeProvider.System,
            PlainOutput = plain,
            WorkingDirectory = Directory.GetCurrentDirectory(),
            OpenFile = static path => Process.Start(new ProcessStartInfo(path) { UseShellExecute = true })?.Dispose(),
        };
    }

    /// <summary>
    /// The store directory: <paramref name="option"/> if given, else the store setting's environment variable
    /// (<see cref="HarnessSettingDefinitions.StorePath"/>), else <see cref="HarnessSettings.DefaultStoreDirectoryName"/>; relative
    /// to <see cref="WorkingDirectory"/>. Resolved by the test host's own rule (<see cref="HarnessSettings.ResolveStorePath"/>:
    /// blank values unset, values trimmed), so the tool reads the store a test run in the same folder and environment writes.
    /// </summary>
    /// <exception cref="CommandFailedException">The path holds control characters (<see cref="ExitCodes.UsageError"/>).</exception>
    public string ResolveStore(string? option)
    {
        try
        {
            return HarnessSettings.ResolveStorePath(StoreOptions(option), WorkingDirectory);
        }
        catch (HarnessSettingsException ex)
        {
            throw new CommandFailedException(ExitCodes.UsageError, ex.Message);
        }
    }

    /// <summary>
    /// The store a reading command reads: <paramref name="option"/> if given, else <see cref="StoreVariable"/>, else
    /// <c>./</c><see cref="DefaultStore"/> if it exists (other stores below are noted on standard error), else the only
    /// store below the working directory - where a test project's default store is, as the test host resolves
    /// <see cref="DefaultStore"/> against the project directory - named on standard error.
    /// </summary>
    /// <exception cref="CommandFailedException">No store was named and none or several were found (<see cref="ExitCodes.StoreUnavailable"/>); the message says where it looked and lists what it found.</exception>
    public string FindStore(string? option)
    {
        if (StoreUrl(option) is { } url)
        {
            return OpenUrlStore(url, forWriting: false);
        }

        if (StoreOptions(option).Get(HarnessSettingDefinitions.StorePath) is not null)
        {
            return ResolveStore(option);
        }

        var local = ResolvePath(DefaultStore);
        var found = StoreDiscovery.Below(WorkingDirectory);
        if (Directory.Exists(local))
        {
            var others = found.Where(f => !string.Equals(f, local, StringComparison.Ordinal)).ToList();
            if (others.Count > 0)
            {
                WriteError($"note: reading ./{DefaultStore}; other stores below {WorkingDirectory}: {string.Join(", ", others.Select(Relative))} (pass --store DIR to read one).");
            }

            return local;
        }

        var looked = $"--store is absent, ${StoreVariable} is unset and ./{DefaultStore} does not exist in {WorkingDirectory}";
        switch (found.Count)
        {
            case 1:
                WriteError($"note: reading {Relative(found[0])}, the only store below {WorkingDirectory} ({looked}).");
                return found[0];
            case 0:
                throw new CommandFailedException(ExitCodes.StoreUnavailable,
                    $"No store: {looked}, and no store was found below it (searched {StoreDiscovery.MaxDepth} levels, skipping bin, obj and hidden folders). " +
                    $"`dotnet test` writes to <test project>/{DefaultStore} unless configured; pass --store DIR or set {StoreVariable}.");
            default:
                throw new CommandFailedException(ExitCodes.StoreUnavailable,
                    $"Which store? {looked}, and {found.Count} stores are below it: {string.Join(", ", found.Select(Relative))}. Pass --store DIR or set {StoreVariable}.");
        }
    }

    /// <summary>
    /// The store a command that changes an existing store (compact, migrate) works on: as <see cref="FindStore"/>, except
    /// that a URL store's mirror stays locked for this command until <see cref="PublishStore"/>.
    /// </summary>
    /// <exception cref="CommandFailedException">As <see cref="FindStore"/>.</exception>
    public string FindStoreForWriting(string? option) => StoreUrl(option) is { } url ? OpenUrlStore(url, forWriting: true) : FindStore(option);

    /// <summary>
    /// The store a command adds to (import), which may not exist yet: as <see cref="ResolveStore"/>, except that a URL
    /// store is synced into its mirror, which stays locked for this command until <see cref="PublishStore"/>.
    /// </summary>
    /// <exception cref="CommandFailedException">As <see cref="ResolveStore"/>, or the URL store cannot be used.</exception>
    public string ResolveStoreForWriting(string? option) => StoreUrl(option) is { } url ? OpenUrlStore(url, forWriting: true) : ResolveStore(option);

    /// <summary>How outputs name the store at <paramref name="root"/>: the URL of a URL store (never its mirror folder alone), else the folder.</summary>
    public string StoreName(string root) => _urlStores.TryGetValue(root, out var store) ? store.Location.ToString() : root;

    /// <summary>
    /// Carries what a writing command did to the store at <paramref name="root"/> to its URL store, if it is one's mirror
    /// (uploads, then deletes what was replaced); nothing for a local store.
    /// </summary>
    /// <exception cref="CommandFailedException">A file could not be uploaded (nothing was deleted), or the service failed.</exception>
    public void PublishStore(string root)
    {
        if (_urlStores.TryGetValue(root, out var store))
        {
            store.Publish(this);
        }
    }

    /// <summary>Releases the mirrors this command still holds (one that failed before publishing).</summary>
    internal void CloseStores()
    {
        foreach (var store in _urlStores.Values)
        {
            store.Dispose();
        }
    }

    /// <summary>
    /// The folder under which URL stores' mirrors live, from the command's <c>--mirror-dir</c> (absolute), or
    /// <see langword="null"/> for the variable or the default; set by <see cref="CliApplication"/> before the command runs.
    /// </summary>
    internal string? MirrorDirectory { get; set; }

    /// <summary>The URL store opened at mirror folder <paramref name="root"/> by this command, if any.</summary>
    internal UrlStore? UrlStoreAt(string root) => _urlStores.GetValueOrDefault(root);

    /// <summary>The store URL <paramref name="option"/> or the store variable names, or <see langword="null"/> for a folder.</summary>
    internal string? StoreUrlOf(string? option) => StoreUrl(option);

    private string? StoreUrl(string? option)
    {
        var value = StoreOptions(option).Get(HarnessSettingDefinitions.StorePath)?.Value.Trim();
        return value is not null && StoreLocation.IsUrl(value) ? value : null;
    }

    private string OpenUrlStore(string url, bool forWriting)
    {
        var store = UrlStore.Open(this, url, forWriting);
        _urlStores[store.Mirror.Root] = store;
        return store.Mirror.Root;
    }

    // The store setting from the two sources the tool has: --store over the environment.
    private HarnessOptions StoreOptions(string? option) => new HarnessOptions()
        .Set(HarnessSettingDefinitions.StorePath, Environment(StoreVariable), new SettingOrigin(SettingSource.EnvironmentVariable, StoreVariable))
        .Set(HarnessSettingDefinitions.StorePath, option, new SettingOrigin(SettingSource.CommandLine, "--store"));

    /// <summary><paramref name="path"/> made absolute against <see cref="WorkingDirectory"/>.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, WorkingDirectory);

    private string Relative(string path) => Path.GetRelativePath(WorkingDirectory, path).Replace('\\', '/');

    private static IAnsiConsole Create(TextWriter writer, bool plain) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
        ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        Interactive = plain ? InteractionSupport.No : InteractionSupport.Detect,
    });
}
