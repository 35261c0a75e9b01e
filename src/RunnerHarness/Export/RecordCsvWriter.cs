using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using RunnerHarness.Reporting;
using RunnerHarness.Schema;

namespace RunnerHarness.Export;

/// <summary>
/// Writes records as CSV (RFC 4180), one column per record column in <see cref="RecordSchema"/> order:
/// times as ISO 8601 UTC, numbers in the invariant culture at round-trip precision, maps
/// (<c>dimensions</c>, <c>metrics</c>, <c>traits</c>) as a JSON object in their cell, nulls as empty cells.
/// </summary>
internal sealed class RecordCsvWriter
{
    private static readonly (string Name, PropertyInfo Property)[] Columns = [.. typeof(ResultRecord)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => (Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name, Property: p))
        .Where(c => c.Name is not null)
        .Select(c => (c.Name!, c.Property))];

    private readonly TextWriter _output;
    private bool _headerWritten;

    /// <summary>Creates a writer to <paramref name="output"/>; the header is written with the first record (or by <see cref="WriteHeader"/>).</summary>
    public RecordCsvWriter(TextWriter output) => _output = output ?? throw new ArgumentNullException(nameof(output));

    /// <summary>How many records were written.</summary>
    public long Written { get; private set; }

    /// <summary>Writes the header line once.</summary>
    public void WriteHeader()
    {
        if (!_headerWritten)
        {
            WriteRow(Columns.Select(c => c.Name));
            _headerWritten = true;
        }
    }

    /// <summary>Writes one record.</summary>
    public void Write(ResultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        WriteHeader();
        WriteRow(Columns.Select(c => Format(c.Property.GetValue(record))));
        Written++;
    }

    private void WriteRow(IEnumerable<string> fields) => CsvField.WriteRow(_output, fields);

    private static string Format(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        DateTime t => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        TestOutcome o => RecordValues.ToWire(o),
        SuccessLevel l => RecordValues.ToWire(l),
        Dictionary<string, string> map => JsonSerializer.Serialize(map, RecordJsonContext.Default.DictionaryStringString),
        Dictionary<string, double> map => JsonSerializer.Serialize(map, RecordJsonContext.Default.DictionaryStringDouble),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
