using System.CommandLine;
using RunnerHarness.Cli.Options;
using RunnerHarness.Cli.Rendering;
using RunnerHarness.Schema;
using RunnerHarness.Store;
using RunnerHarness.Store.Transcripts;
using RunnerHarness.Transcripts;

namespace RunnerHarness.Cli.Commands;

/// <summary><c>show</c>: one sample's record and transcript, or every stored attempt of a case key.</summary>
public static class ShowCommand
{
    private const string Description = """
        Shows one sample: its record (every column that has a value) and its transcript (the conversation
        its model calls held: system and user messages, assistant text, tool calls with their ids and
        arguments, tool results with the ids of the calls they answer, judge conversations marked as such,
        and a truncation marker where the per-sample cap cut it; see docs/transcripts.md).
        RECORD_ID is a record's record_id; a CASE_KEY (Assembly#Namespace.Class.Method|axis=value|...|#n) shows every stored
        attempt of that sample, oldest first.
        --json writes { "record": {...}, "transcript": [...] } with messages in the OpenAI chat message
        shape (role, content, tool_calls[].id/type/function.name/function.arguments, tool_call_id), and
        for a case key { "case_key": ..., "attempts": [ { "record", "transcript" }, ... ] }.
        Exit code 0 when found, 4 when no record has that id or case key, 3 when the store is missing.

        Examples:
          runner-harness show 0193a5c2-7d4e-7c1a-9f3b-2f6d8e1a4b7c
          runner-harness show "WorkflowBench|WorkflowBatchTests.Run|sim-small|...|#0" --json
        """;

    /// <summary>Creates the command.</summary>
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("RECORD_ID|CASE_KEY") { Description = "The record_id of one record, or the case_key of a sample (every stored attempt is shown)." };
        var store = StoreOption.Create();
        var json = new Option<bool>("--json") { Description = "Machine-readable output: the record and its transcript in the OpenAI chat message shape." };
        var command = new Command("show", Description) { id, store, json };
        command.SetAction(parse =>
        {
            var wanted = parse.GetValue(id)!.Trim();
            var records = StoreRecords.Open(context, context.FindStore(parse.GetValue(store)));
            var byId = new List<ResultRecord>();
            var byCase = new List<ResultRecord>();
            foreach (var record in records.Read(columns: null, RecordFilter.None))
            {
                if (RecordIdComparer.Instance.Equals(record.RecordId, wanted))
                {
                    byId.Add(record);
                }
                else if (string.Equals(record.CaseKey, wanted, StringComparison.Ordinal))
                {
                    byCase.Add(record);
                }
            }

            records.ReportProblems();
            var isCaseKey = byId.Count == 0;
            var shown = isCaseKey ? [.. byCase.OrderBy(r => r.FinishedAt ?? DateTime.MaxValue).ThenBy(r => r.RecordId, StringComparer.Ordinal)] : byId;
            if (shown.Count == 0)
            {
                throw new CommandFailedException(ExitCodes.NoData,
                    $"No record of the store {records.Name} has the record_id or case_key '{wanted}'. A record id is a record's record_id " +
                    "(runner-harness export shows them); a case key is a sample's case_key, e.g. 'WorkflowBench#WorkflowBench.WorkflowBatchTests.Workflow|model=sim-small|...|#0'.");
            }

            var reader = new TranscriptReader(new StoreLayout(records.Root));
            var transcripts = reader.Read(shown.Select(r => r.RecordId));
            foreach (var problem in reader.Problems)
            {
                context.WriteError($"warning: {problem}");
            }

            IReadOnlyList<TranscriptMessage> TranscriptOf(ResultRecord record) => transcripts.GetValueOrDefault(record.RecordId) ?? [];
            if (parse.GetValue(json))
            {
                ShowJsonWriter.Write(context.Out, isCaseKey ? wanted : null, [.. shown.Select(r => (r, TranscriptOf(r)))]);
            }
            else
            {
                ShowTextRenderer.Write(context, isCaseKey ? wanted : null, [.. shown.Select(r => (r, TranscriptOf(r)))]);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
