using System.Text;
using RunnerHarness.Store;
using Xunit;

namespace RunnerHarness.Tests.Store;

public sealed class ParsedRecordIdTests
{
    [Fact]
    public void Of_TheCharactersOfAUuid_ParsesThemWithoutMakingAString()
    {
        var row = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b".ToCharArray();
        _ = ParsedRecordId.Of(row.AsSpan());

        var before = GC.GetAllocatedBytesForCurrentThread();
        var id = ParsedRecordId.Of(row.AsSpan());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(id.IsUuid);
        Assert.Null(id.Other);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Of_AnUppercaseUuid_IsTheSameIdAsItsLowercaseForm()
    {
        var upper = ParsedRecordId.Of("0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B".AsSpan());
        var lower = ParsedRecordId.Of("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");

        Assert.Equal(lower.Uuid, upper.Uuid);
        Assert.Equal("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", upper.Key);
    }

    [Fact]
    public void Of_AnIdThatIsNotAUuid_KeepsItsText()
    {
        var id = ParsedRecordId.Of("legacy-run-7-row-3".AsSpan());

        Assert.False(id.IsUuid);
        Assert.Equal("legacy-run-7-row-3", id.Other);
        Assert.Equal("legacy-run-7-row-3", id.Key);
    }

    [Fact]
    public void Of_TheUtf8BytesOfAUuid_ParsesThemWithoutMakingAString()
    {
        var row = Encoding.UTF8.GetBytes("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        _ = ParsedRecordId.Of(row.AsSpan());

        var before = GC.GetAllocatedBytesForCurrentThread();
        var id = ParsedRecordId.Of(row.AsSpan());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(id.IsUuid);
        Assert.Equal(Guid.Parse("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"), id.Uuid);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData("0193A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B")]
    [InlineData("legacy-run-7-row-3")]
    [InlineData("")]
    [InlineData("  0193a1b2c3d47e5f8a9b0c1d2e3f4a5b  ")]
    [InlineData("{0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a}")]
    [InlineData("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5g")]
    [InlineData("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4aé")]
    [InlineData("запись-прогона-7")]
    public void Of_Utf8Bytes_IsTheIdOfTheCharactersTheyDecodeTo(string recordId)
    {
        var fromBytes = ParsedRecordId.Of(Encoding.UTF8.GetBytes(recordId).AsSpan());
        var fromCharacters = ParsedRecordId.Of(recordId.AsSpan());

        Assert.Equal(fromCharacters.IsUuid, fromBytes.IsUuid);
        Assert.Equal(fromCharacters.Key, fromBytes.Key);
    }

    [Fact]
    public void Of_Utf8BytesThatAreNotUtf8_DecodesThemAsParquetNetDecodesAStringColumn()
    {
        byte[] row = [(byte)'r', (byte)'u', (byte)'n', 0xC3, (byte)'-', 0xFF, (byte)'7'];
        var asParquetNetDecodes = new char[Encoding.UTF8.GetCharCount(row)];
        Encoding.UTF8.GetDecoder().GetChars(row, asParquetNetDecodes, flush: true);

        var id = ParsedRecordId.Of(row.AsSpan());

        Assert.False(id.IsUuid);
        Assert.Equal(new string(asParquetNetDecodes), id.Other);
        Assert.Equal("run\uFFFD-\uFFFD7", id.Other);
    }

    [Fact]
    public void Of_Null_IsNoId()
    {
        var none = ParsedRecordId.Of((string?)null);

        Assert.True(none.IsNone);
        Assert.Throws<InvalidOperationException>(() => none.Key);
    }
}
