namespace RunnerHarness.Schema;

/// <summary>
/// What a format makes of each column, given the column and typed accessors to read it from a record and set it on a
/// builder (<see cref="RecordColumnAccessors.Visit{TResult}"/> calls one method per column, by the column's type).
/// </summary>
/// <typeparam name="TResult">What the format makes of a column.</typeparam>
internal interface IRecordColumnVisitor<out TResult>
{
    /// <summary>A string column.</summary>
    TResult Text(RecordColumnDescriptor column, Func<ResultRecord, string?> get, Action<ResultRecordBuilder, string> set);

    /// <summary>An int, long, double or bool column.</summary>
    TResult Value<T>(RecordColumnDescriptor column, Func<ResultRecord, T?> get, Action<ResultRecordBuilder, T> set)
        where T : struct;

    /// <summary>A UTC instant column.</summary>
    TResult Timestamp(RecordColumnDescriptor column, Func<ResultRecord, DateTime?> get, Action<ResultRecordBuilder, DateTime> set);

    /// <summary>An enum column, stored as its wire spelling.</summary>
    TResult Enum<TEnum>(RecordColumnDescriptor column, Func<ResultRecord, TEnum?> get, Action<ResultRecordBuilder, TEnum> set)
        where TEnum : struct, Enum;

    /// <summary>A map of string to string.</summary>
    TResult TextMap(RecordColumnDescriptor column, Func<ResultRecord, Dictionary<string, string>?> get, Action<ResultRecordBuilder, Dictionary<string, string>> set);

    /// <summary>A map of string to double.</summary>
    TResult NumberMap(RecordColumnDescriptor column, Func<ResultRecord, Dictionary<string, double>?> get, Action<ResultRecordBuilder, Dictionary<string, double>> set);
}
