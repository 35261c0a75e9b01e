using RunnerHarness.Reporting;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Tests.Reporting;

/// <summary>The cap on the transcripts the HTML report embeds: whole transcripts in record order, the rest counted.</summary>
public sealed class ReportTranscriptsTests
{
    [Fact]
    public void Take_PastTheCap_EmbedsWholeTranscriptsInOrderAndCountsTheRestLeftOut()
    {
        var records = SampleRecords.All().Take(4).ToList();
        var stored = records.ToDictionary(r => r.RecordId, r => (IReadOnlyList<TranscriptMessage>)
            [new TranscriptMessage { Role = TranscriptRoles.Assistant, Model = r.Model, Content = new string('x', 1_000) }]);
        stored.Remove(records[1].RecordId); // a record without a transcript takes no room

        var taken = ReportTranscripts.Take(records, stored, maxBytes: 2_500);

        Assert.NotNull(taken.Of(records[0].RecordId));
        Assert.Null(taken.Of(records[1].RecordId));
        Assert.False(taken.IsLeftOut(records[1].RecordId));
        Assert.NotNull(taken.Of(records[2].RecordId));
        Assert.True(taken.IsLeftOut(records[3].RecordId));
        Assert.Equal((2, 2_000L, 1, 1_000L), (taken.Count, taken.Bytes, taken.LeftOut, taken.LeftOutBytes));
    }
}
