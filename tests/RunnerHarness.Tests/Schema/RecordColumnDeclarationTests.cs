using System.Buffers;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using RunnerHarness.Schema;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Store.Parquet;
using RunnerHarness.Tests.Store.Parquet;
using Xunit;

namespace RunnerHarness.Tests.Schema;

/// <summary>
/// A column is one declaration (a <see cref="ResultRecord"/> property with <see cref="RecordColumnAttribute"/>) and every
/// typed projection of the record is made from it: these tests fail when a projection lacks a declared column or has
/// one that is not declared, and when a column does not survive either format.
/// </summary>
public sealed class RecordColumnDeclarationTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static IEnumerable<string> DeclaredProperties => RecordSchema.Columns.Select(c => c.Property);

    [Fact]
    public void ResultRecord_EveryPublicProperty_IsADeclaredColumnOfItsJsonName()
    {
        var properties = typeof(ResultRecord).GetProperties(BindingFlags.Public | BindingFlags.Instance);

        Assert.Equal(DeclaredProperties, properties.Select(p => p.Name));
        Assert.All(properties, p => Assert.NotNull(p.GetCustomAttribute<RecordColumnAttribute>()));
        Assert.Equal(RecordSchema.ColumnNames, properties.Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name));
        Assert.Equal(RecordSchema.Columns.Select(c => c.ClrType), properties.Select(p => p.PropertyType));
    }

    [Fact]
    public void ResultRecordBuilder_EveryColumnProperty_IsADeclaredColumnOfTheRecordsType()
    {
        var properties = typeof(ResultRecordBuilder).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true })
            .ToArray();

        Assert.Equal(DeclaredProperties, properties.Select(p => p.Name));
        Assert.Equal(RecordSchema.Columns.Select(c => c.ClrType), properties.Select(p => p.PropertyType));
    }

    [Fact]
    public void RecordColumns_EveryConstant_IsADeclaredColumnName()
    {
        var constants = typeof(RecordColumns).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).ToArray();

        Assert.Equal(DeclaredProperties, constants.Select(f => f.Name));
        Assert.Equal(RecordSchema.ColumnNames, constants.Select(f => (string)f.GetRawConstantValue()!));
    }

    [Fact]
    public void ParquetColumns_AreTheDeclaredColumnsWithTheirNullability()
    {
        Assert.Equal(RecordSchema.ColumnNames, ParquetRecordColumns.All.Select(c => c.Name));
        Assert.Equal(
            RecordSchema.Columns.Select(c => (c.Name, c.IsNullable)),
            ParquetRecordColumns.All.Select(c => (c.Name, c.SchemaField is global::Parquet.Schema.DataField data ? data.IsNullable : true)));
    }

    [Fact]
    public void EveryColumn_AppearedInAFormatThisVersionWrites()
    {
        // A column declared for a later format than CurrentFormatVersion would be written under a version that lacks it.
        Assert.All(RecordSchema.Columns, c => Assert.InRange(c.Since, 1, ResultRecord.CurrentFormatVersion));
    }

    [Fact]
    public void DeclaredAxes_AreTheAxisTable()
    {
        Assert.Equal(RecordSchema.Columns.Where(c => c.IsAxis).Select(c => c.Name), RecordAxes.All.Select(a => a.Column));
    }

    [Fact]
    public void EveryColumnSet_SetsEveryDeclaredColumn()
    {
        var record = TestRecords.EveryColumnSet();

        Assert.All(RecordSchema.Columns, column =>
        {
            var value = typeof(ResultRecord).GetProperty(column.Property)!.GetValue(record);
            Assert.True(value is not null, $"EveryColumnSet leaves {column.Name} null");
            if (!column.IsNullable)
            {
                var unset = column.ClrType.IsValueType ? Activator.CreateInstance(column.ClrType) : string.Empty;
                Assert.True(!value.Equals(unset), $"EveryColumnSet leaves {column.Name} at its type's default ({value})");
            }

            if (value is System.Collections.ICollection map)
            {
                Assert.True(map.Count > 0, $"EveryColumnSet gives {column.Name} an empty map");
            }
        });
    }

    [Fact]
    public void EveryDeclaredColumn_RoundTripsThroughBothFormats()
    {
        var record = TestRecords.EveryColumnSet();
        var parquet = Path.Combine(_directory.Path, "every-column.parquet");
        ParquetTestFile.Write(parquet, [record]);
        var buffer = new ArrayBufferWriter<byte>();
        JsonLinesRecordCodec.WriteLine(record, buffer);
        Assert.True(JsonLinesRecordCodec.TryParse(buffer.WrittenSpan[..^1], out var fromJson, out var error), error);

        foreach (var (format, read) in new[] { ("parquet", Assert.Single(ParquetTestFile.Read(parquet))), ("json", fromJson!) })
        {
            Assert.All(RecordSchema.Columns, column =>
            {
                var property = typeof(ResultRecord).GetProperty(column.Property)!;
                var written = JsonSerializer.Serialize(property.GetValue(record));
                var back = JsonSerializer.Serialize(property.GetValue(read));
                Assert.True(written == back, $"{format}: {column.Name} was written as {written} and read back as {back}");
            });
        }
    }
}
