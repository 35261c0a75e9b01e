using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RunnerHarness.Transcripts;

/// <summary>
/// The transcript of one sample as it runs: the messages of its model calls (each conversation once, however many calls
/// resend it) and what the test attaches, kept up to <see cref="MaxBytes"/>. A message that does not fit is cut short and
/// flagged <see cref="TranscriptMessage.Truncated"/>, later messages are counted and not kept, and <see cref="Messages"/>
/// ends with one <c>truncation</c> marker saying how much was left out: a transcript is never cut silently. Thread-safe.
/// </summary>
public sealed class SampleTranscript
{
    /// <summary>
    /// The default cap of one sample's transcript: 256 KiB of message text (content, tool call ids, names and arguments,
    /// UTF-8). Far above a typical agent run (a WorkflowBench sample keeps 2-6 KiB), far below what would make a store's
    /// transcript files outgrow its records.
    /// </summary>
    public const int DefaultMaxBytes = 256 * 1024;

    private readonly Lock _gate = new();
    private readonly List<TranscriptMessage> _kept = [];

    // The conversations captured so far, each as the keys of its messages in order, so a call that resends a
    // conversation adds only what is new (an agent loop sends the whole history each turn).
    private readonly List<List<string>> _conversations = [];
    private long _bytes;
    private int _cutMessages;
    private int _omittedMessages;
    private long _omittedBytes;

    /// <summary>Creates a transcript of at most <paramref name="maxBytes"/> bytes of message text.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBytes"/> is not positive.</exception>
    public SampleTranscript(int maxBytes = DefaultMaxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        MaxBytes = maxBytes;
    }

    /// <summary>The cap: bytes of message text kept (<see cref="TranscriptMessage.Size"/>).</summary>
    public int MaxBytes { get; }

    /// <summary>Whether the cap cut the transcript (<see cref="Messages"/> then ends with the <c>truncation</c> marker).</summary>
    public bool IsTruncated
    {
        get
        {
            lock (_gate)
            {
                return _cutMessages + _omittedMessages > 0;
            }
        }
    }

    /// <summary>The messages kept, in order, ending with the <c>truncation</c> marker when the cap cut anything.</summary>
    public IReadOnlyList<TranscriptMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return _cutMessages + _omittedMessages == 0 ? [.. _kept] : [.. _kept, Marker()];
            }
        }
    }

    /// <summary>Adds <paramref name="message"/> as it is (what a test attaches).</summary>
    public void Add(TranscriptMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            Keep(message);
        }
    }

    /// <summary>
    /// Adds one model call: the messages of <paramref name="request"/> that are not already part of a conversation this
    /// transcript holds (a call that resends the history adds only its new messages), then <paramref name="response"/>.
    /// </summary>
    public void AddExchange(IReadOnlyList<TranscriptMessage> request, IReadOnlyList<TranscriptMessage> response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var requestKeys = request.Select(KeyOf).ToList();
        lock (_gate)
        {
            var conversation = _conversations.LastOrDefault(c => c.Count <= requestKeys.Count && c.SequenceEqual(requestKeys.Take(c.Count)));
            if (conversation is null)
            {
                conversation = [];
                _conversations.Add(conversation);
            }

            var known = conversation.Count;
            conversation.AddRange(requestKeys.Skip(known));
            conversation.AddRange(response.Select(KeyOf));
            foreach (var message in request.Skip(known).Concat(response))
            {
                Keep(message);
            }
        }
    }

    private void Keep(TranscriptMessage message)
    {
        var size = message.Size;
        if (_cutMessages + _omittedMessages > 0)
        {
            _omittedMessages++;
            _omittedBytes += size;
            return;
        }

        if (_bytes + size <= MaxBytes)
        {
            _kept.Add(message);
            _bytes += size;
            return;
        }

        // The first message over the cap keeps what fits of its content; its tool calls only if they fit whole.
        var room = MaxBytes - _bytes;
        var calls = message.ToolCalls.Sum(c => (long)Encoding.UTF8.GetByteCount(c.Id) + Encoding.UTF8.GetByteCount(c.Name) + Encoding.UTF8.GetByteCount(c.Arguments));
        var keepCalls = calls <= room;
        var cut = message with
        {
            ToolCalls = keepCalls ? message.ToolCalls : [],
            Content = Prefix(message.Content, room - (keepCalls ? calls : 0) - Encoding.UTF8.GetByteCount(message.ToolCallId ?? "")),
            Truncated = true,
        };
        _kept.Add(cut);
        _bytes += cut.Size;
        _cutMessages++;
        _omittedBytes += size - cut.Size;
    }

    private TranscriptMessage Marker() => new()
    {
        Role = TranscriptRoles.System,
        Kind = TranscriptKinds.Truncation,
        Content = string.Create(CultureInfo.InvariantCulture,
            $"RunnerHarness cut this transcript at its cap of {MaxBytes:N0} bytes: {_cutMessages} message(s) cut short (flagged truncated) and " +
            $"{_omittedMessages} later message(s) not kept; {_omittedBytes:N0} bytes of message text left out."),
    };

    // The longest prefix of text whose UTF-8 form fits in budget bytes, never splitting a surrogate pair.
    private static string? Prefix(string? text, long budget)
    {
        if (text is null || budget <= 0)
        {
            return text is null ? null : "";
        }

        if (Encoding.UTF8.GetByteCount(text) <= budget)
        {
            return text;
        }

        var length = 0;
        long used = 0;
        while (length < text.Length)
        {
            var step = char.IsHighSurrogate(text[length]) && length + 1 < text.Length ? 2 : 1;
            var bytes = Encoding.UTF8.GetByteCount(text.AsSpan(length, step));
            if (used + bytes > budget)
            {
                break;
            }

            used += bytes;
            length += step;
        }

        return text[..length];
    }

    // Two messages are the same conversation step when role, text, tool calls and answered call id agree. The key is a
    // SHA-256 of those, so what is remembered of a conversation stays small however long it runs past the cap.
    private static string KeyOf(TranscriptMessage message)
    {
        var key = new StringBuilder().Append(message.Role).Append('\u001f').Append(message.Content).Append('\u001f').Append(message.ToolCallId);
        foreach (var call in message.ToolCalls)
        {
            key.Append('\u001f').Append(call.Id).Append('\u001e').Append(call.Name).Append('\u001e').Append(call.Arguments);
        }

        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString())));
    }
}
