using RunnerHarness.Transcripts;

namespace RunnerHarness.Tests.Transcripts;

public sealed class SampleTranscriptTests
{
    private static readonly TranscriptMessage System = new() { Role = TranscriptRoles.System, Content = "You are an operations agent. Use the tools to finish the task." };
    private static readonly TranscriptMessage User = new() { Role = TranscriptRoles.User, Content = "Refund order 4411 and email the customer." };
    private static readonly TranscriptMessage Call = new()
    {
        Role = TranscriptRoles.Assistant,
        ToolCalls = [new TranscriptToolCall("call_1", "lookup_order", """{"order_id":"4411"}""")],
    };

    private static readonly TranscriptMessage Result = new() { Role = TranscriptRoles.Tool, ToolCallId = "call_1", Content = """{"status":"shipped","total":42.5}""" };
    private static readonly TranscriptMessage Answer = new() { Role = TranscriptRoles.Assistant, Content = "Order 4411 was refunded." };

    [Fact]
    public void AddExchange_AgentLoopResendsItsHistory_KeepsEveryMessageOnce()
    {
        var transcript = new SampleTranscript();

        transcript.AddExchange([System, User], [Call]);
        transcript.AddExchange([System, User, Call, Result], [Answer]);

        Assert.Equal([System, User, Call, Result, Answer], transcript.Messages);
    }

    [Fact]
    public void AddExchange_SecondConversation_IsKeptWhole()
    {
        var transcript = new SampleTranscript();
        var judgeQuestion = new TranscriptMessage { Role = TranscriptRoles.User, Kind = TranscriptKinds.Judge, Content = "Grade the answer from 1 to 5." };
        var judgeAnswer = new TranscriptMessage { Role = TranscriptRoles.Assistant, Kind = TranscriptKinds.Judge, Content = "4" };

        transcript.AddExchange([System, User], [Answer]);
        transcript.AddExchange([judgeQuestion], [judgeAnswer]);

        Assert.Equal([System, User, Answer, judgeQuestion, judgeAnswer], transcript.Messages);
    }

    [Fact]
    public void Add_PastTheCap_CutsTheMessageFlagsItAndEndsWithATruncationMarker()
    {
        var transcript = new SampleTranscript(maxBytes: 100);
        var long1 = new TranscriptMessage { Role = TranscriptRoles.Assistant, Content = new string('a', 80) };
        var long2 = new TranscriptMessage { Role = TranscriptRoles.Assistant, Content = new string('b', 80) };
        var later = new TranscriptMessage { Role = TranscriptRoles.User, Content = new string('c', 30) };

        transcript.Add(long1);
        transcript.Add(long2);
        transcript.Add(later);

        var messages = transcript.Messages;
        Assert.True(transcript.IsTruncated);
        Assert.Equal(3, messages.Count);
        Assert.Equal(long1, messages[0]);
        Assert.Equal(new string('b', 20), messages[1].Content);
        Assert.True(messages[1].Truncated);
        Assert.Equal(100, messages.Take(2).Sum(m => m.Size));
        var marker = messages[2];
        Assert.Equal(TranscriptKinds.Truncation, marker.Kind);
        Assert.Equal(TranscriptRoles.System, marker.Role);
        Assert.Contains("cap of 100 bytes", marker.Content, StringComparison.Ordinal);
        Assert.Contains("1 message(s) cut short", marker.Content, StringComparison.Ordinal);
        Assert.Contains("1 later message(s) not kept; 90 bytes", marker.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_WithinTheCap_HasNoMarker()
    {
        var transcript = new SampleTranscript(maxBytes: 1000);

        transcript.AddExchange([System, User, Call, Result], [Answer]);

        Assert.False(transcript.IsTruncated);
        Assert.DoesNotContain(transcript.Messages, m => m.Kind == TranscriptKinds.Truncation || m.Truncated);
    }

    [Fact]
    public void Add_MultiByteTextAtTheCap_NeverSplitsACharacter()
    {
        var transcript = new SampleTranscript(maxBytes: 7);

        transcript.Add(new TranscriptMessage { Role = TranscriptRoles.Assistant, Content = "ééé😀😀" });

        Assert.Equal("ééé", transcript.Messages[0].Content);
    }
}
