using System.CommandLine;
using RunnerHarness.Cli.Commands;
using RunnerHarness.Cli.Options;
using Spectre.Console;

namespace RunnerHarness.Cli;

/// <summary>The <c>runner-harness</c> command tree and how it runs; the one place commands are registered.</summary>
public static class CliApplication
{
    /// <summary>Builds the root command with every command of this build.</summary>
    public static RootCommand BuildRootCommand(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var root = new RootCommand("""
            runner-harness: run test batches in parallel shards, and report on, compare, top up and export
            a RunnerHarness result store.
            Exit codes: 0 success, 1 gate failed, 2 usage error, 3 store unavailable, 4 no data,
            5 file system refused, 6 output not written, 7 store damaged, 8 build failed, 9 shard failed,
            10 import refused, 130 interrupted, 70 internal error (see docs/cli.md).
            """);

        // Every command of the tool, one Create per command.
        Command[] commands =
        [
            RunCommand.Create(context),
            ReportCommand.Create(context),
            CompareCommand.Create(context),
            ProgressCommand.Create(context),
            ShowCommand.Create(context),
            ExportCommand.Create(context),
            ImportCommand.Create(context),
            MigrateCommand.Create(context),
            CompactCommand.Create(context),
            VerifyCommand.Create(context),
            CacheCommand.Create(context),
        ];
        foreach (var command in commands)
        {
            // Every command with --store may name a URL store, so each takes the mirrors' folder beside it.
            if (command.Options.Any(o => o.Name == "--store"))
            {
                command.Options.Add(MirrorDirOption.Create());
            }

            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Parses <paramref name="args"/>, runs the command and returns its exit code (see <see cref="ExitCodes"/>).</summary>
    public static int Run(string[] args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parse = BuildRootCommand(context).Parse(args);
        var configuration = new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Error.Profile.Out.Writer,

            // Exceptions are mapped to documented exit codes below rather than System.CommandLine's 1.
            EnableDefaultExceptionHandler = false,

            // `run` handles Ctrl+C itself (it stops its shards and exits 130); System.CommandLine's own handling
            // would end the process on its own schedule, with its own exit code.
            ProcessTerminationTimeout = null,
        };
        if (parse.Errors.Count > 0)
        {
            parse.Invoke(configuration);
            return ExitCodes.UsageError;
        }

        try
        {
            context.MirrorDirectory = parse.CommandResult.Command.Options.FirstOrDefault(o => o.Name == MirrorDirOption.Name) is Option<string?> mirrorDir
                && parse.GetValue(mirrorDir) is { Length: > 0 } folder
                ? context.ResolvePath(folder)
                : null;
            return parse.Invoke(configuration);
        }
        catch (CommandFailedException ex)
        {
            context.WriteError($"error: {ex.Message}");
            return ex.ExitCode;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An environmental failure, not a bug: the message names the path and the cause.
            context.WriteError($"error: {ex.Message}");
            return ExitCodes.FileSystemError;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            context.WriteError($"internal error: {ex}");
            return ExitCodes.InternalError;
        }
        finally
        {
            context.CloseStores();
        }
    }
}
