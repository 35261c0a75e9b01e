using Microsoft.Extensions.AI;
using RunnerHarness.Models.Configuration;

namespace RunnerHarness.Models.Pipeline;

/// <summary>
/// The innermost layer of a model's client: every call, whole or streamed, goes through the provider's
/// <see cref="ProviderPipeline"/> (breaker, key pool, limits, timeout, retries) to the SDK client of the key slot it
/// gets, with the running sample's usage (<see cref="SampleScope.Usage"/>) counting its requests. Reports the model's
/// <see cref="ChatClientMetadata"/>. The SDK clients and the pipeline belong to the <see cref="ModelRuntime"/>, which disposes them.
/// </summary>
internal sealed class ProviderPipelineChatClient(ModelDefinition model, ProviderPipeline pipeline, Func<int, IChatClient> clientForSlot) : IChatClient
{
    private readonly ChatClientMetadata _metadata = new(
        pipeline.Provider.Name, pipeline.Provider.Kind == ProviderKind.Simulated ? null : OpenAIChatClients.EndpointOf(pipeline.Provider), model.ModelId);

    /// <inheritdoc/>
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);

        // Materialised once: retries send the same messages again.
        return pipeline.SendAsync(model, clientForSlot, messages as IReadOnlyList<ChatMessage> ?? [.. messages], options, SampleScope.Usage, cancellationToken);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return pipeline.StreamAsync(model, clientForSlot, messages as IReadOnlyList<ChatMessage> ?? [.. messages], options, SampleScope.Usage, cancellationToken);
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null) => ChatClientServices.Of(this, _metadata, serviceType, serviceKey);

    /// <summary>Releases nothing: the runtime owns the SDK clients and the pipeline.</summary>
    public void Dispose()
    {
    }
}
