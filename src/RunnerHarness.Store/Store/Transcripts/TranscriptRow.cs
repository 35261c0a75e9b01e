using RunnerHarness.Transcripts;

namespace RunnerHarness.Store.Transcripts;

/// <summary>One stored transcript message: the record it belongs to, its place in that record's transcript, and the message.</summary>
/// <param name="RecordId">The <c>record_id</c> of the record the transcript belongs to.</param>
/// <param name="Sequence">The message's position in the record's transcript, from 0.</param>
/// <param name="Message">The message.</param>
internal sealed record TranscriptRow(string RecordId, int Sequence, TranscriptMessage Message);
