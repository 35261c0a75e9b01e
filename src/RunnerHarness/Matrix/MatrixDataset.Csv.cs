using System.Globalization;
using System.Text;

namespace RunnerHarness.Matrix;

/// <summary>Reading a dataset from CSV (RFC 4180: comma-separated, fields with commas, quotes or line breaks in double quotes, a quote inside written twice).</summary>
public sealed partial class MatrixDataset
{
    private static List<DatasetItem> ReadCsv(string text, string source)
    {
        var rows = CsvRows(text.TrimStart('\uFEFF'), source).ToList();
        if (rows.Count == 0)
        {
            throw Error(source, "it is empty; a CSV dataset starts with a header row naming its fields, one of them \"id\"");
        }

        var (headerLine, header) = rows[0];
        for (var i = 0; i < header.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(header[i]))
            {
                throw Error(source, string.Create(CultureInfo.InvariantCulture, $"line {headerLine}: the header's column {i + 1} has no name"));
            }

            if (header.Take(i).Contains(header[i], StringComparer.Ordinal))
            {
                throw Error(source, string.Create(CultureInfo.InvariantCulture, $"line {headerLine}: the header names the column '{header[i]}' twice"));
            }
        }

        if (!header.Contains(DatasetItem.IdField, StringComparer.Ordinal))
        {
            throw Error(source, string.Create(CultureInfo.InvariantCulture, $"line {headerLine}: the header ({string.Join(",", header)}) has no \"{DatasetItem.IdField}\" column; every item needs a stable, unique id"));
        }

        var items = new List<DatasetItem>(rows.Count - 1);
        foreach (var (line, fields) in rows.Skip(1))
        {
            if (fields.Count != header.Count)
            {
                throw Error(source, string.Create(CultureInfo.InvariantCulture, $"line {line}: the row has {fields.Count} fields and the header {header.Count}; quote a value that holds a comma"));
            }

            try
            {
                items.Add(DatasetItem.FromFields([.. header.Zip(fields, (name, value) => new KeyValuePair<string, string>(name, value))], source, line));
            }
            catch (FormatException ex)
            {
                throw Error(source, string.Create(CultureInfo.InvariantCulture, $"line {line}: {ex.Message}"));
            }
        }

        return items;
    }

    // Each row with the line it starts on; a row that is one empty field (a blank line) is skipped.
    private static IEnumerable<(int Line, List<string> Fields)> CsvRows(string text, string source)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var rowLine = 1;
        var quoted = false;
        var wasQuoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0 && !wasQuoted:
                    quoted = wasQuoted = true;
                    break;
                case '"':
                    throw Error(source, string.Create(CultureInfo.InvariantCulture, $"line {line}: a double quote inside an unquoted field; put the field in double quotes and write the quote twice (\"\")"));
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    wasQuoted = false;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\r' or '\n':
                    fields.Add(field.ToString());
                    if (fields is not [""])
                    {
                        yield return (rowLine, fields);
                    }

                    fields = [];
                    field.Clear();
                    wasQuoted = false;
                    rowLine = ++line;
                    break;
                default:
                    if (wasQuoted)
                    {
                        throw Error(source, string.Create(CultureInfo.InvariantCulture, $"line {line}: text after a closing double quote; a quoted field ends at its closing quote"));
                    }

                    field.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            throw Error(source, string.Create(CultureInfo.InvariantCulture, $"line {rowLine}: a double quote opens a field that never closes"));
        }

        fields.Add(field.ToString());
        if (fields is not [""])
        {
            yield return (rowLine, fields);
        }
    }
}
