using RunnerHarness.Aggregation;
using RunnerHarness.Store;

namespace RunnerHarness.Cli.Commands;

/// <summary>The warnings of <c>report</c> and <c>progress</c> about dataset items answered in more than one version.</summary>
internal static class ItemVersionWarnings
{
    /// <summary>
    /// The notes about edited items, each also written to standard error as a warning. <paramref name="firstPass"/> saw the
    /// command's records with <see cref="ItemVersionCheck.Columns"/>; only when it found an id with two versions are the
    /// records read again, with their batch, by a reader of their own (so store problems are not reported twice).
    /// </summary>
    public static IReadOnlyList<string> Write(CliContext context, StoreRecords records, RecordFilter filter, ItemVersionCheck firstPass)
    {
        if (!firstPass.MayHaveChangedItems)
        {
            return [];
        }

        var byBatch = new ItemVersionCheck();
        foreach (var record in StoreRecords.Open(context, records.Root).Read(ItemVersionCheck.BatchColumns, filter))
        {
            byBatch.Add(record);
        }

        var notes = byBatch.Notes();
        foreach (var note in notes)
        {
            context.WriteError($"warning: {note}");
        }

        return notes;
    }
}
