using Microsoft.Extensions.AI;

namespace RunnerHarness.Models.Usage;

/// <summary>
/// The timing of one streamed answer from the moment its request was sent: when the first update carrying content
/// (text, a tool call) arrived, when the last update arrived, and the output tokens the stream reported.
/// </summary>
internal sealed class StreamMeasurement(TimeProvider time)
{
    private readonly long _sent = time.GetTimestamp();
    private long? _firstContent;
    private long _last;
    private long? _outputTokens;

    /// <summary>Notes one update as it arrives.</summary>
    public void Observe(ChatResponseUpdate update)
    {
        var now = time.GetTimestamp();
        _last = now;
        foreach (var content in update.Contents)
        {
            if (content is UsageContent { Details.OutputTokenCount: { } output })
            {
                _outputTokens = output;
            }
            else if (_firstContent is null && content is not UsageContent && content is not TextContent { Text.Length: 0 })
            {
                _firstContent = now;
            }
        }
    }

    /// <summary>
    /// Adds the time to first token to <paramref name="usage"/> when content arrived, and the generation time and output
    /// tokens when the stream was <paramref name="completed"/> (an abandoned stream's rate would count tokens it never got).
    /// </summary>
    public void ReportTo(SampleUsage? usage, bool completed)
    {
        if (usage is null || _firstContent is not { } first)
        {
            return;
        }

        usage.AddStream(
            time.GetElapsedTime(_sent, first),
            completed ? time.GetElapsedTime(first, _last) : null,
            completed ? _outputTokens : null);
    }
}
