using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using RunnerHarness.Models.Cache;
using RunnerHarness.Models.Configuration;
using RunnerHarness.Settings;

namespace RunnerHarness.Cli.Commands;

/// <summary><c>cache</c>: the model response cache's size and entries per provider and model; <c>cache clear</c> and <c>cache verify</c>.</summary>
public static partial class CacheCommand
{
    private const string Description = """
        Shows the model response cache: its size and entries per provider and model (the same as
        'cache list'). The folder is --cache-dir, else $RUNNER_HARNESS_MODEL_CACHE_DIR, else
        runner-harness-model-cache in the current directory. Only files the cache wrote are counted:
        <2 hex>/<64 hex>.json holding a readable entry of that key; nothing else in the folder is touched.

        Examples:
          runner-harness cache
          runner-harness cache clear --model gpt-4o-mini --older-than 30d
          runner-harness cache verify --cache-dir bench/runner-harness-model-cache
        """;

    /// <summary>Creates the command and its subcommands.</summary>
    public static Command Create(CliContext context)
    {
        var command = new Command("cache", Description);
        var directory = DirectoryOption();
        command.Options.Add(directory);
        command.SetAction(parse => List(context, parse.GetValue(directory)));

        var listDirectory = DirectoryOption();
        var list = new Command("list", "Shows the cache's size and entries per provider and model.") { listDirectory };
        list.SetAction(parse => List(context, parse.GetValue(listDirectory)));

        var clearDirectory = DirectoryOption();
        var model = new Option<string?>("--model") { Description = "Delete only the entries of this model (the name the matrix uses).", HelpName = "NAME" };
        var olderThan = new Option<string?>("--older-than")
        {
            Description = "Delete only entries cached longer ago than this: a number with s, m, h or d (90m, 12h, 30d), or d.hh:mm:ss.",
            HelpName = "DURATION",
        };
        var clear = new Command(
            "clear",
            "Deletes cache entries (all, or those --model and --older-than select). Deletes only files it proved are entries; damaged files, links and anything else stay.")
        {
            clearDirectory, model, olderThan,
        };
        clear.SetAction(parse => Clear(context, parse.GetValue(clearDirectory), parse.GetValue(model), parse.GetValue(olderThan)));

        var verifyDirectory = DirectoryOption();
        var verify = new Command(
            "verify",
            "Checks that every file named like an entry parses, is of this version's format, and holds the key its name says. Exit code 0 when clean, 7 when damaged files were found; deletes nothing.")
        {
            verifyDirectory,
        };
        verify.SetAction(parse => Verify(context, parse.GetValue(verifyDirectory)));

        command.Subcommands.Add(list);
        command.Subcommands.Add(clear);
        command.Subcommands.Add(verify);
        return command;
    }

    private static Option<string?> DirectoryOption() => new("--cache-dir")
    {
        Description = $"The response cache folder. Default: ${HarnessSettingDefinitions.ModelCacheDirectory.EnvironmentVariable}, else {ModelRunSettings.DefaultCacheDirectoryName} in the current directory.",
        HelpName = "DIR",
    };

    private static int List(CliContext context, string? directory)
    {
        var folder = Open(context, directory, out var source);
        var (entries, damaged) = folder.Scan();
        context.WriteLine(string.Create(
            CultureInfo.InvariantCulture, $"Response cache at {folder.Directory} ({source}): {entries.Count} entries, {Size(entries.Sum(e => e.Bytes))}."));
        foreach (var group in entries.GroupBy(e => (e.Provider, e.Model, e.ModelId)).OrderBy(g => g.Key.Provider, StringComparer.Ordinal).ThenBy(g => g.Key.Model, StringComparer.Ordinal))
        {
            context.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {group.Key.Provider} / {group.Key.Model} (model id {group.Key.ModelId}): {group.Count()} entries, {Size(group.Sum(e => e.Bytes))}, " +
                $"cached {group.Min(e => e.CachedAt):yyyy-MM-dd} to {group.Max(e => e.CachedAt):yyyy-MM-dd}"));
        }

        if (damaged.Count > 0)
        {
            context.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {damaged.Count} damaged files, never served ('runner-harness cache verify' lists them)."));
        }

        return ExitCodes.Success;
    }

    private static int Clear(CliContext context, string? directory, string? model, string? olderThan)
    {
        var age = olderThan is null ? (TimeSpan?)null : ParseDuration(olderThan);
        var folder = Open(context, directory, out _);
        var cutoff = context.Clock.GetUtcNow() - age;
        var deleted = folder.Clear(e => (model is null || string.Equals(e.Model, model, StringComparison.Ordinal)) && (cutoff is null || e.CachedAt < cutoff));
        var selection = string.Join(" ", new[] { model is null ? null : $"of the model '{model}'", olderThan is null ? null : $"cached more than {olderThan} ago" }.OfType<string>());
        context.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Deleted {deleted.Count} entries{(selection.Length > 0 ? " " + selection : "")} ({Size(deleted.Sum(e => e.Bytes))}) from {folder.Directory}."));
        return ExitCodes.Success;
    }

    private static int Verify(CliContext context, string? directory)
    {
        var folder = Open(context, directory, out _);
        var (entries, damaged) = folder.Scan();
        context.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{folder.Directory}: {entries.Count} entries; {(damaged.Count == 0 ? "clean." : $"{damaged.Count} damaged (never served; 'cache clear' leaves them, delete them by hand):")}"));
        foreach (var file in damaged)
        {
            context.WriteLine($"  {file.Path}: {file.Problem}");
        }

        return damaged.Count == 0 ? ExitCodes.Success : ExitCodes.StoreDamaged;
    }

    private static ResponseCacheFolder Open(CliContext context, string? option, out string source)
    {
        var variable = HarnessSettingDefinitions.ModelCacheDirectory.EnvironmentVariable;
        var fromEnvironment = context.Environment(variable);
        (var path, source) = option is not null ? (option, "from --cache-dir")
            : !string.IsNullOrWhiteSpace(fromEnvironment) ? (fromEnvironment, $"from {variable}")
            : (ModelRunSettings.DefaultCacheDirectoryName, "the default");
        var full = Path.GetFullPath(path, context.WorkingDirectory);
        if (!Directory.Exists(full))
        {
            throw new CommandFailedException(ExitCodes.StoreUnavailable, $"there is no response cache folder at {full} ({source}). Pass --cache-dir or set {variable}.");
        }

        return new ResponseCacheFolder(full);
    }

    private static TimeSpan ParseDuration(string text)
    {
        if (Duration().Match(text.Trim()) is { Success: true } match)
        {
            var amount = double.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture);
            return match.Groups["unit"].Value switch
            {
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero)
        {
            return span;
        }

        throw new CommandFailedException(ExitCodes.UsageError, $"--older-than '{text}' is not a duration; use a number with s, m, h or d (90m, 12h, 30d), or d.hh:mm:ss.");
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MB"),
    };

    [GeneratedRegex("^(?<amount>[0-9]+(\\.[0-9]+)?)(?<unit>[smhd])$")]
    private static partial Regex Duration();
}
