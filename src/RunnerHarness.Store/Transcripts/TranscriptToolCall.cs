namespace RunnerHarness.Transcripts;

/// <summary>
/// One tool call an assistant message asked for, as the OpenAI chat shape names it: the call id the tool's result
/// answers (<see cref="TranscriptMessage.ToolCallId"/>), the function's name and its arguments as JSON text.
/// </summary>
/// <param name="Id">The call id the model gave the call.</param>
/// <param name="Name">The function called.</param>
/// <param name="Arguments">The arguments, as a JSON object's text (<c>{}</c> for none).</param>
public sealed record TranscriptToolCall(string Id, string Name, string Arguments);
