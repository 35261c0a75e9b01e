using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace RunnerHarness.Store.Summaries;

/// <summary>
/// The binary form of a summary file, what sealing writes: planning reads every summary of the store before a test host's
/// first row, and parsing JSON numbers and strings was most of what it paid. Little-endian, read from one
/// <c>byte[]</c> (the file read once, its checksum checked on those bytes):
/// <list type="bullet">
/// <item>the magic <c>RHSUMBIN</c>, the encoding version (<see cref="EncodingVersion"/>, int32) and the summary layout
/// version (<see cref="SegmentSummary.CurrentVersion"/>, int32);</item>
/// <item>the data file's name, its byte length (int64), the records (int64), first and last <c>finished_at</c> (a byte 0
/// for none, or 1 then UTC ticks as int64);</item>
/// <item>runs: a count, then per run its id and a count of shards, each shard text and its records (int64);</item>
/// <item>held samples: a count of cells, each cell key then its samples, either a list (byte 0, count, ascending int32s)
/// or a bitset (byte 1, the first 64-sample word's index, a word count, uint64 words; bit b of word w is sample
/// 64 (first + w) + b), whichever is smaller; then the held keys without a sample part (count, strings);</item>
/// <item>held by model: a count, then per <c>model_id</c> its held samples and held keys as above.</item>
/// </list>
/// Counts are int32, strings an int32 byte length then UTF-8. Nothing may follow the last model. A summary that does not
/// parse this way, exactly to its last byte, is damaged, whatever its checksum says. The parse is compiled optimized at
/// once: a test host reads every summary once, cold, before its first row.
/// </summary>
internal static class SegmentSummaryBinary
{
    /// <summary>
    /// The encoding this code writes and reads. Bump when the bytes change for the same summary; a new thing a summary
    /// holds bumps <see cref="SegmentSummary.CurrentVersion"/> instead (and this too, when its bytes change).
    /// </summary>
    public const int EncodingVersion = 1;

    private const byte SampleList = 0;
    private const byte SampleBitset = 1;

    /// <summary>The first bytes of every binary summary; a JSON summary starts with <c>{</c>.</summary>
    public static ReadOnlySpan<byte> Magic => "RHSUMBIN"u8;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Whether <paramref name="content"/> starts as a binary summary does.</summary>
    public static bool IsBinary(ReadOnlySpan<byte> content) => content.StartsWith(Magic);

    /// <summary>Writes <paramref name="summary"/> of the file <paramref name="fileName"/> of <paramref name="length"/> bytes.</summary>
    public static void Serialize(Stream stream, string fileName, long length, SegmentSummary summary)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(summary);
        using var output = new BinaryWriter(stream, StrictUtf8, leaveOpen: true);
        output.Write(Magic);
        output.Write(EncodingVersion);
        output.Write(SegmentSummary.CurrentVersion);
        WriteString(output, fileName);
        output.Write(length);
        output.Write(summary.Records);
        WriteTime(output, summary.FirstFinishedAt);
        WriteTime(output, summary.LastFinishedAt);
        output.Write(summary.RunShards.Count);
        foreach (var (run, shards) in summary.RunShards.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            WriteString(output, run);
            output.Write(shards.Count);
            foreach (var (shard, count) in shards.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                WriteString(output, shard);
                output.Write(count);
            }
        }

        WriteHeld(output, summary.HeldSamples, summary.HeldKeys);
        output.Write(summary.ModelHeldSamples.Count);
        foreach (var (modelId, held) in summary.ModelHeldSamples.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            WriteString(output, modelId);
            WriteHeld(output, held, summary.ModelHeldKeys.GetValueOrDefault(modelId) ?? []);
        }
    }

    /// <summary>Parses a binary summary: its layout version, the file and byte length it names, and what it says.</summary>
    /// <exception cref="FormatException">It is not a binary summary of <see cref="EncodingVersion"/>, or it ends early, holds more, or breaks its rules.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (int Version, string File, long FileBytes, SegmentSummary Summary) Parse(ReadOnlySpan<byte> content)
    {
        if (!IsBinary(content))
        {
            throw new FormatException("it does not start with the binary summary magic 'RHSUMBIN'");
        }

        var input = new SummaryBytes(content, Magic.Length);
        var encoding = input.Int32();
        if (encoding != EncodingVersion)
        {
            throw new FormatException($"binary summary encoding {encoding}; this build reads encoding {EncodingVersion}");
        }

        var version = input.Int32();
        var file = input.String();
        var fileBytes = input.Int64();
        var records = input.Int64();
        var first = input.Time();
        var last = input.Time();
        var runCount = input.Count(minimumBytesEach: 8);
        var runs = new Dictionary<string, IReadOnlyDictionary<string, long>>(runCount, StringComparer.Ordinal);
        for (var r = 0; r < runCount; r++)
        {
            var run = input.String();
            var shardCount = input.Count(minimumBytesEach: 12);
            var shards = new Dictionary<string, long>(shardCount, StringComparer.Ordinal);
            for (var s = 0; s < shardCount; s++)
            {
                var shard = input.String();
                if (!shards.TryAdd(shard, input.Int64()))
                {
                    throw new FormatException($"the shard '{shard}' of run '{run}' appears twice");
                }
            }

            if (!runs.TryAdd(run, shards))
            {
                throw new FormatException($"the run '{run}' appears twice");
            }
        }

        var (held, heldKeys) = ReadHeld(ref input);
        var modelCount = input.Count(minimumBytesEach: 12);
        var modelSamples = new Dictionary<string, IReadOnlyDictionary<string, int[]>>(modelCount, StringComparer.Ordinal);
        var modelKeys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        for (var m = 0; m < modelCount; m++)
        {
            var modelId = input.String();
            var (samples, keys) = ReadHeld(ref input);
            if (!modelSamples.TryAdd(modelId, samples))
            {
                throw new FormatException($"the model '{modelId}' appears twice");
            }

            if (keys.Count > 0)
            {
                modelKeys.Add(modelId, keys);
            }
        }

        input.End();
        var summary = new SegmentSummary
        {
            Records = records,
            FirstFinishedAt = first,
            LastFinishedAt = last,
            RunShards = runs,
            HeldSamples = held,
            HeldKeys = heldKeys,
            ModelHeldSamples = modelSamples,
            ModelHeldKeys = modelKeys,
        };
        return (version, file, fileBytes, summary);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (Dictionary<string, int[]> Samples, List<string> Keys) ReadHeld(ref SummaryBytes input)
    {
        var cellCount = input.Count(minimumBytesEach: 9);
        var held = new Dictionary<string, int[]>(cellCount, StringComparer.Ordinal);
        for (var c = 0; c < cellCount; c++)
        {
            var cell = input.String();
            if (!held.TryAdd(cell, input.Samples()))
            {
                throw new FormatException($"the cell '{cell}' appears twice");
            }
        }

        var keyCount = input.Count(minimumBytesEach: 4);
        var keys = new List<string>(keyCount);
        for (var k = 0; k < keyCount; k++)
        {
            keys.Add(input.String());
        }

        return (held, keys);
    }

    private static void WriteHeld(BinaryWriter output, IReadOnlyDictionary<string, int[]> held, IReadOnlyList<string> heldKeys)
    {
        output.Write(held.Count);
        foreach (var (cell, samples) in held.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            WriteString(output, cell);
            WriteSamples(output, samples);
        }

        output.Write(heldKeys.Count);
        foreach (var key in heldKeys)
        {
            WriteString(output, key);
        }
    }

    // Samples are ascending and distinct (SegmentSummaryBuilder); a cell's few samples spread over a wide range stay a
    // list, a dense run of them becomes a bitset.
    private static void WriteSamples(BinaryWriter output, int[] samples)
    {
        if (samples.Length > 0)
        {
            var firstWord = samples[0] >> 6;
            var words = (samples[^1] >> 6) - firstWord + 1;
            if (8L + (8L * words) < 4L + (4L * samples.Length))
            {
                var bits = new ulong[words];
                foreach (var sample in samples)
                {
                    bits[(sample >> 6) - firstWord] |= 1UL << (sample & 63);
                }

                output.Write(SampleBitset);
                output.Write(firstWord);
                output.Write(words);
                foreach (var word in bits)
                {
                    output.Write(word);
                }

                return;
            }
        }

        output.Write(SampleList);
        output.Write(samples.Length);
        foreach (var sample in samples)
        {
            output.Write(sample);
        }
    }

    private static void WriteString(BinaryWriter output, string text)
    {
        output.Write(StrictUtf8.GetByteCount(text));
        output.Write(StrictUtf8.GetBytes(text));
    }

    private static void WriteTime(BinaryWriter output, DateTime? time)
    {
        if (time is { } value)
        {
            output.Write((byte)1);
            output.Write(value.ToUniversalTime().Ticks);
        }
        else
        {
            output.Write((byte)0);
        }
    }

    // A cursor over the summary's bytes that throws FormatException, naming the offset, for anything out of bounds or out of rule.
    private ref struct SummaryBytes(ReadOnlySpan<byte> content, int position)
    {
        private readonly ReadOnlySpan<byte> _content = content;
        private int _position = position;

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        // A count of items of at least minimumBytesEach: one the rest of the summary cannot hold is damage, not an allocation to try.
        public int Count(int minimumBytesEach)
        {
            var at = _position;
            var count = Int32();
            if (count < 0 || (long)count * minimumBytesEach > _content.Length - _position)
            {
                throw new FormatException($"the count {count} at byte {at} does not fit the {_content.Length - _position} bytes that follow");
            }

            return count;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public string String()
        {
            var length = Count(minimumBytesEach: 1);
            var at = _position;
            try
            {
                return StrictUtf8.GetString(Take(length));
            }
            catch (DecoderFallbackException ex)
            {
                throw new FormatException($"the text at byte {at} is not UTF-8 ({ex.Message})", ex);
            }
        }

        public DateTime? Time()
        {
            var at = _position;
            return Take(1)[0] switch
            {
                0 => null,
                1 => Int64() is var ticks and >= 0 and <= 3155378975999999999 ? new DateTime(ticks, DateTimeKind.Utc) : throw new FormatException($"the time at byte {at} is out of range"),
                var flag => throw new FormatException($"the time at byte {at} is flagged {flag}, neither 0 (none) nor 1"),
            };
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int[] Samples()
        {
            var at = _position;
            var kind = Take(1)[0];
            if (kind == SampleList)
            {
                var samples = new int[Count(minimumBytesEach: 4)];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = Int32();
                    if (samples[i] < 0 || (i > 0 && samples[i] <= samples[i - 1]))
                    {
                        throw new FormatException($"the samples at byte {at} are not ascending, distinct and not negative");
                    }
                }

                return samples;
            }

            if (kind != SampleBitset)
            {
                throw new FormatException($"the samples at byte {at} are of kind {kind}, neither a list (0) nor a bitset (1)");
            }

            var firstWord = Int32();
            var words = Take(checked(Count(minimumBytesEach: 8) * 8));
            if (firstWord < 0 || firstWord > (int.MaxValue >> 6) - (words.Length / 8) + 1
                || BinaryPrimitives.ReadUInt64LittleEndian(words) == 0 || BinaryPrimitives.ReadUInt64LittleEndian(words[^8..]) == 0)
            {
                throw new FormatException($"the sample bitset at byte {at} is empty, starts or ends with an empty word, or reaches past the largest sample index");
            }

            var held = new List<int>();
            for (var w = 0; w < words.Length / 8; w++)
            {
                var word = BinaryPrimitives.ReadUInt64LittleEndian(words.Slice(w * 8, 8));
                while (word != 0)
                {
                    held.Add(((firstWord + w) << 6) + BitOperations.TrailingZeroCount(word));
                    word &= word - 1;
                }
            }

            return [.. held];
        }

        public readonly void End()
        {
            if (_position != _content.Length)
            {
                throw new FormatException($"{_content.Length - _position} bytes follow the end of the summary at byte {_position}");
            }
        }

        private ReadOnlySpan<byte> Take(int length)
        {
            if (length > _content.Length - _position)
            {
                throw new FormatException($"the summary ends at byte {_content.Length}, within what starts at byte {_position}");
            }

            var taken = _content.Slice(_position, length);
            _position += length;
            return taken;
        }
    }
}
