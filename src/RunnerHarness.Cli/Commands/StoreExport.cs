using System.Globalization;
using RunnerHarness.Cli.Rendering;
using RunnerHarness.ObjectStorage.Locations;
using RunnerHarness.ObjectStorage.Objects;
using RunnerHarness.ObjectStorage.Transfer;
using RunnerHarness.Store;

namespace RunnerHarness.Cli.Commands;

/// <summary>
/// <c>export --format store</c>: copies a whole store's sealed files (data/, transcripts/, summaries/) between a URL store
/// and a local folder, either way (or URL to URL), every file checked against the checksum in its name, nothing
/// replaced: what the destination already holds with the same bytes counts as copied, anything else is refused and named.
/// </summary>
internal static class StoreExport
{
    /// <summary>Copies the store <paramref name="storeOption"/> names to <paramref name="output"/> (a URL or a folder).</summary>
    /// <exception cref="CommandFailedException">Both are local folders (<see cref="ExitCodes.UsageError"/>), a store cannot be reached, or files were refused (<see cref="ExitCodes.OutputError"/>).</exception>
    public static int Run(CliContext context, string? storeOption, string output, bool json)
    {
        var environment = new StoreEnvironment(context.Environment);
        var sourceUrl = context.StoreUrlOf(storeOption);
        var outputIsUrl = StoreLocation.IsUrl(output);
        if (sourceUrl is null && !outputIsUrl)
        {
            throw new CommandFailedException(ExitCodes.UsageError,
                $"--format store copies between a URL store (az://CONTAINER/PREFIX, s3://BUCKET/PREFIX) and a local folder, either way; --store and --output '{output}' are both local. To copy a local store, copy its data/, transcripts/ and summaries/ folders.");
        }

        TransferResult result;
        string from;
        try
        {
            if (outputIsUrl)
            {
                // From a local store, or from a URL store's synced mirror.
                var root = context.FindStore(storeOption);
                from = context.StoreName(root);
                var target = StoreLocation.Parse(output);
                result = new StoreTransfer(ObjectStoreConnector.Open(target, environment), target)
                    .UploadAsync(new StoreLayout(root), CancellationToken.None).GetAwaiter().GetResult();
            }
            else
            {
                // Straight from the URL store into the folder: no mirror needed for a copy.
                var source = StoreLocation.Parse(sourceUrl!);
                from = source.ToString();
                var folder = context.ResolvePath(output);
                if (File.Exists(folder))
                {
                    throw new CommandFailedException(ExitCodes.UsageError, $"--output {folder} is a file; --format store writes a store folder (new, or one to add the missing files to).");
                }

                result = new StoreTransfer(ObjectStoreConnector.Open(source, environment), source)
                    .DownloadAsync(new StoreLayout(folder), CancellationToken.None).GetAwaiter().GetResult();
                output = folder;
            }
        }
        catch (StoreLocationException e)
        {
            throw new CommandFailedException(ExitCodes.UsageError, e.Message, e);
        }
        catch (ObjectStoreException e)
        {
            throw new CommandFailedException(ExitCodes.StoreUnavailable, e.Message, e);
        }

        if (json)
        {
            JsonOutput.Write(context.Out, w =>
            {
                w.WriteString("format", "store");
                w.WriteString("store", from);
                w.WriteString("output", output);
                w.WriteNumber("files_copied", result.Copied);
                w.WriteNumber("files_present", result.AlreadyPresent);
                w.WriteStartArray("refused");
                foreach (var refused in result.Refused)
                {
                    w.WriteStringValue(refused);
                }

                w.WriteEndArray();
            });
        }
        else
        {
            context.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Exported the store {from} to {output}: {result.Copied} sealed files copied, {result.AlreadyPresent} already there with the same bytes."));
        }

        if (!result.Complete)
        {
            throw new CommandFailedException(ExitCodes.OutputError,
                $"{result.Refused.Count} file(s) were not copied to {output} (nothing was replaced):\n  {string.Join("\n  ", result.Refused)}");
        }

        return ExitCodes.Success;
    }
}
