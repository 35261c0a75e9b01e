using System.Buffers;
using System.Globalization;
using System.Text;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Store.Transcripts;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Tests.Interop;

/// <summary>Inputs of JSON Lines imports as writers and other tools write them, and transcripts of their records.</summary>
internal static class ImportInputs
{
    // 3,000 records as the writers write them, with lines in the shapes other tools write among them: without an id (twice
    // the same), columns in another order, an escaped name, named and exponent numbers, a repeated name, an empty id, and
    // lines that are not records.
    public static IEnumerable<string> MixedLines()
    {
        var line = new ArrayBufferWriter<byte>();
        var records = TestRecords.Varied(3_000);
        records.Add(TestRecords.EveryColumnSet());
        records.Add(TestRecords.EveryNullableColumnNull());
        for (var i = 0; i < records.Count; i++)
        {
            line.ResetWrittenCount();
            JsonLinesRecordCodec.WriteLine(records[i], line);
            yield return Encoding.UTF8.GetString(line.WrittenSpan[..^1]);
            switch (i % 500)
            {
                case 17:
                    yield return """{"model":"gpt-4o-mini","outcome":"passed","success_level":"full_success"}""";
                    yield return """{"model":"gpt-4o-mini","outcome":"passed","success_level":"full_success"}""";
                    break;
                case 101:
                    yield return $$$"""{"outcome":"failed","mod\u0065l":"grok-3","record_id":"{{{RecordIdOf(i)}}}","run_id":"other-{{{i}}}","final_score":1.5e-1,"duration_ms":"NaN","metrics":{"cost":2E2}}""";
                    break;
                case 202:
                    yield return $$$"""{"record_id":"{{{RecordIdOf(100_000 + i)}}}","model":"a","model":"b","dimensions":{"k":"v"}}""";
                    break;
                case 303:
                    yield return """{"record_id":"","model":"claude-haiku-4","turns":3}""";
                    break;
                case 404:
                    yield return """{"record_id":"not-a-uuid-404","outcome":"passd"}""";
                    yield return """[1,2,3]""";
                    yield return "   ";
                    break;
            }
        }
    }

    // A transcript for every tenth of the writer-shaped records (those with an id), two or three messages each, one with a tool call.
    public static List<TranscriptRow> MixedTranscripts()
    {
        var rows = new List<TranscriptRow>();
        var records = TestRecords.Varied(3_000);
        for (var i = 0; i < records.Count; i += 10)
        {
            var id = records[i].RecordId;
            rows.Add(new TranscriptRow(id, 0, new TranscriptMessage { Role = "system", Content = "You are a careful assistant with file tools.", Model = records[i].Model }));
            rows.Add(new TranscriptRow(id, 1, new TranscriptMessage { Role = "user", Content = $"Summarise report-{i}.md in one line.", Model = records[i].Model }));
            if (i % 30 == 0)
            {
                rows.Add(new TranscriptRow(id, 2, new TranscriptMessage
                {
                    Role = "assistant",
                    ToolCalls = [new TranscriptToolCall($"call_{i}", "read_file", $$"""{"path":"report-{{i}}.md"}""")],
                    Model = records[i].Model,
                }));
            }
        }

        return rows;
    }

    public static string RecordIdOf(int i) => new Guid(i, 0x2026, 0x1207, [0x8a, 0x11, 0, 0, 0, 0, 0, 0x42]).ToString();

    public static string ResultLine(int i)
    {
        string[] models = ["gpt-4o-mini", "claude-haiku-4", "grok-3"];
        string[] prompts = ["baseline", "cot", "few-shot"];
        var passed = i % 4 != 0;
        return $$"""{"record_id":"{{RecordIdOf(i)}}","run_id":"nightly-20261206","model":"{{models[i % 3]}}","prompt_type":"{{prompts[i / 3 % 3]}}","difficulty":"{{(i % 2 == 0 ? "easy" : "hard")}}","outcome":"{{(passed ? "passed" : "failed")}}","final_score":{{(passed ? 0.5 + i % 50 / 100.0 : 0.1).ToString(CultureInfo.InvariantCulture)}},"started_at":"2026-12-06T{{i / 3600 % 24:D2}}:{{i / 60 % 60:D2}}:{{i % 60:D2}}Z"}""";
    }
}
