using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Cli.Commands;

/// <summary>Opens a store for the maintenance commands and turns store faults into documented exit codes.</summary>
internal static class StoreMaintenance
{
    /// <summary>The layout of an existing store; for a URL store, its synced mirror (held for this command when <paramref name="forWriting"/>, until <see cref="CliContext.PublishStore"/>).</summary>
    /// <exception cref="CommandFailedException">It does not exist (<see cref="ExitCodes.StoreUnavailable"/>).</exception>
    public static StoreLayout Existing(CliContext context, string? option, bool forWriting = false)
    {
        var path = forWriting ? context.FindStoreForWriting(option) : context.FindStore(option);
        return Directory.Exists(path)
            ? new StoreLayout(path)
            : throw new CommandFailedException(ExitCodes.StoreUnavailable, $"The store {path} does not exist. Pass --store DIR or set {HarnessSettingDefinitions.StorePath.EnvironmentVariable}.");
    }

    /// <summary>
    /// Runs <paramref name="work"/>, mapping a store that cannot be written to <see cref="ExitCodes.StoreUnavailable"/>,
    /// a migration that would change records to <see cref="ExitCodes.StoreDamaged"/>, and a refusal of the
    /// file system (disk full, permissions) to <see cref="ExitCodes.FileSystemError"/>.
    /// </summary>
    public static T Write<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (StoreWriteException ex)
        {
            throw new CommandFailedException(ExitCodes.StoreUnavailable, ex.Message, ex);
        }
        catch (StoreMigrationException ex)
        {
            throw new CommandFailedException(ExitCodes.StoreDamaged, ex.Message, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // No claim about what the store now holds: the command that failed says what it undid, and verify checks it.
            throw new CommandFailedException(ExitCodes.FileSystemError, $"{ex.Message} 'runner-harness verify' with the same --store shows what the store holds.", ex);
        }
    }
}
