using System.Globalization;
using RunnerHarness.Aggregation;
using RunnerHarness.Settings;
using RunnerHarness.Store;

namespace RunnerHarness.Launching;

/// <summary>
/// Opens the store writer that harness settings describe: their store, format, run and shard, with the harness's
/// holdings rule (<see cref="SampleHoldings.Rule"/>) for the summaries of the files it seals. Here, not in
/// <c>Settings/</c>, because settings know the store but not aggregation.
/// </summary>
internal static class HarnessRecordWriter
{
    /// <summary>
    /// The writer identity of <paramref name="settings"/>' run within <paramref name="scope"/>. With a shard set, the
    /// shard is part of the scope and stamped on every record that has none, because the shards of one run share its
    /// run id and run at once: without it the second shard's writer would find the first one's log locked.
    /// </summary>
    public static WriterIdentity IdentityOf(HarnessSettings settings, string? scope = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Shard is not { } shard)
        {
            return new WriterIdentity(settings.RunId, scope);
        }

        var shardScope = string.Create(CultureInfo.InvariantCulture, $"shard{shard.Index}of{shard.Count}");
        return new WriterIdentity(settings.RunId, scope is null ? shardScope : $"{scope}.{shardScope}", shard.ToString());
    }

    /// <summary>Opens the writer of <paramref name="settings"/>' run, format and store (see <see cref="IdentityOf"/>).</summary>
    /// <exception cref="StoreWriteException">
    /// The store cannot be written, or a live process already writes this run and scope; then the message names the
    /// settings that choose another run id or shard.
    /// </exception>
    public static RecordWriter Open(HarnessSettings settings, string? scope = null, RecordWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        try
        {
            return RecordWriter.Open(new StoreLayout(settings.StorePath), SampleHoldings.Rule, settings.Format, IdentityOf(settings, scope), options);
        }
        catch (WriterInUseException ex)
        {
            throw new StoreWriteException(
                $"{ex.Message} Set a run id ({HarnessSettingDefinitions.RunId.EnvironmentVariable}) or shard ({HarnessSettingDefinitions.Shard.EnvironmentVariable}) per process.", ex);
        }
    }
}
