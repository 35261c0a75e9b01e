namespace RunnerHarness.Schema;

/// <summary>
/// The one shape of a record's timestamps (contract 5): a UTC instant truncated to the microsecond,
/// the precision both formats hold, so JSON Lines -> Parquet -> JSON Lines is exact. A local time is
/// converted to UTC, a time without a zone is taken as UTC (what a writer that omits the zone means),
/// and the 100-ns digit of a tick is dropped. <see cref="ResultRecord"/> applies it whenever a timestamp
/// is set, so a record is normalised from the moment it is built, read or imported.
/// </summary>
internal static class RecordTimestamp
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMicrosecond;

    /// <summary>The UTC microsecond instant of <paramref name="value"/>.</summary>
    public static DateTime Normalize(DateTime value)
    {
        var utc = value.Kind switch
        {
            DateTimeKind.Local => value.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
            _ => value,
        };
        return new DateTime(utc.Ticks - (utc.Ticks % TicksPerMicrosecond), DateTimeKind.Utc);
    }

    /// <summary>The UTC microsecond instant of <paramref name="value"/>, or <see langword="null"/>.</summary>
    public static DateTime? Normalize(DateTime? value) => value is { } v ? Normalize(v) : null;
}
