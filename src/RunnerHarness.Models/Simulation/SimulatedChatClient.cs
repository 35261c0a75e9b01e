using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace RunnerHarness.Models.Simulation;

/// <summary>
/// A deterministic, seeded chat client that plays a tool-using model. It reads the sample it plays from
/// <see cref="SampleScope.Current"/> (model, prompt type, difficulty, sample index), works through the tools offered in
/// <see cref="ChatOptions.Tools"/> in the order the task mentions them with real <see cref="FunctionCallContent"/>
/// calls, reacts to <see cref="FunctionResultContent"/> results (retrying, correcting or giving up after a failure),
/// and slips the way real models do (malformed calls, wrong tools, skipped steps, missing arguments, repeated calls,
/// stopping early) with probabilities set by its <see cref="SimulatedModelProfile"/> and the sample. Asked a question of a
/// dataset batch without tools, it answers it, right or wrong by its competence (<see cref="SimulatedAnswerer"/>); given
/// the prompt of the reference-answer judge, it grades (<see cref="SimulatedJudge"/>).
/// </summary>
/// <remarks>
/// The same seed, model, sample and conversation always give the same answer; another sample index of the same cell
/// gives independent decisions. Every response reports plausible <see cref="UsageDetails"/> (about four characters a
/// token, plus the profile's reasoning tokens). A streaming call streams: the text word by word (a tool call whole),
/// then the finish reason and usage, so offline runs measure time to first token; with realistic latency the first
/// update comes after the profile's time to first token and the last after the output tokens at its speed. No network,
/// no key. Thread-safe: it keeps no state between calls.
/// </remarks>
public sealed class SimulatedChatClient : IChatClient
{
    private readonly ChatClientMetadata _metadata;
    private readonly string _model;
    private readonly SimulatedModelOptions _options;
    private readonly SimulatedModelProfile _profile;

    /// <summary>Creates the simulated model <paramref name="model"/>, playing <see cref="SimulatedModelProfile.For"/> of that name.</summary>
    public SimulatedChatClient(string model, SimulatedModelOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        _metadata = new ChatClientMetadata("simulated", providerUri: null, defaultModelId: model);
        ArgumentNullException.ThrowIfNull(options);
        _model = model;
        _options = options;
        _profile = SimulatedModelProfile.For(model);
    }

    /// <summary>The profile this model plays.</summary>
    public SimulatedModelProfile Profile => _profile;

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var answer = Answer(messages, options, cancellationToken);
        if (_options.RealisticLatency)
        {
            await Task.Delay(_profile.TimeToFirstToken + answer.Generation, cancellationToken).ConfigureAwait(false);
        }

        return answer.Response;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var answer = Answer(messages, options, cancellationToken);
        var updates = answer.Response.ToChatResponseUpdates();
        var pieces = new List<ChatResponseUpdate>();
        foreach (var update in updates)
        {
            pieces.AddRange(Split(update));
        }

        if (_options.RealisticLatency)
        {
            await Task.Delay(_profile.TimeToFirstToken, cancellationToken).ConfigureAwait(false);
        }

        for (var i = 0; i < pieces.Count; i++)
        {
            if (i == pieces.Count - 1 && _options.RealisticLatency)
            {
                await Task.Delay(answer.Generation, cancellationToken).ConfigureAwait(false);
            }

            yield return pieces[i];
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) => ChatClientServices.Of(this, _metadata, serviceType, serviceKey);

    /// <summary>Releases nothing: the simulated model holds no resources.</summary>
    public void Dispose()
    {
    }

    /// <summary>A text update as one update per word (the first carrying the update's other contents), anything else as it is.</summary>
    private static IEnumerable<ChatResponseUpdate> Split(ChatResponseUpdate update)
    {
        if (update.Contents is not [TextContent { Text: { Length: > 0 } text }])
        {
            yield return update;
            yield break;
        }

        var words = text.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            var piece = update.Clone();
            piece.Contents = [new TextContent(i == 0 ? words[i] : " " + words[i])];
            yield return piece;
        }
    }

    private (ChatResponse Response, TimeSpan Generation) Answer(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var sample = SampleScope.Current;
        var conversation = SimulatedConversation.Read(messages, options);
        var dice = new SimulatedDice(_options.Seed, _model, sample?.ToString() ?? string.Empty);
        var competence = SimulatedSkill.Competence(_profile, sample);
        // A judge prompt gets a grade; a question of a dataset batch, asked without tools, gets an answer; everything else
        // plays the tool-use workflow.
        var move = (conversation.Tools.Count == 0 ? SimulatedJudge.Grade(messages, dice, competence) ?? SimulatedAnswerer.Answer(sample, dice, competence) : null)
            ?? SimulatedPolicy.Next(conversation, dice, competence, SimulatedSkill.FlawOf(sample?.PromptType));

        var callId = string.Create(CultureInfo.InvariantCulture, $"call_{conversation.Turn}_{dice.Pick("call_id", conversation.Turn, 1 << 30):x8}");
        var contents = new List<AIContent>();
        if (move.ToolName is { } tool)
        {
            contents.Add(new FunctionCallContent(callId, tool, move.Arguments));
        }
        else
        {
            contents.Add(new TextContent(move.Text));
        }

        var usage = Usage(conversation, move, sample?.PromptType);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, contents) { MessageId = callId })
        {
            ModelId = _model,
            ResponseId = callId,
            CreatedAt = DateTimeOffset.UtcNow,
            FinishReason = move.ToolName is null ? ChatFinishReason.Stop : ChatFinishReason.ToolCalls,
            Usage = usage,
        };
        return (response, TimeSpan.FromSeconds(usage.OutputTokenCount!.Value / _profile.OutputTokensPerSecond));
    }

    private UsageDetails Usage(SimulatedConversation conversation, SimulatedMove move, string? promptType)
    {
        var written = (move.Text?.Length ?? 0) + (move.ToolName?.Length ?? 0)
            + (move.Arguments is null ? 0 : System.Text.Json.JsonSerializer.Serialize(move.Arguments, AIJsonUtilities.DefaultOptions).Length);
        var reasoning = promptType == "cot" ? _profile.ReasoningTokens * 2 : _profile.ReasoningTokens;
        long input = (conversation.Characters / 4) + 24;
        long output = (written / 4) + reasoning + 6;
        return new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
    }
}
