using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using RunnerHarness.Models.Configuration;

namespace RunnerHarness.Models.Pipeline;

/// <summary>
/// Builds the Microsoft.Extensions.AI client of one key of an OpenAI-family provider (kinds <c>openai-compatible</c>,
/// <c>openai</c>, <c>azure-openai</c>) on the OpenAI SDK, with the SDK's own retries switched off
/// (<see cref="ClientRetryPolicy"/> with no retries) so they never stack under <see cref="ProviderPipeline"/>'s, and its
/// network timeout set above the pipeline's attempt timeout so the pipeline's fires first.
/// </summary>
internal static class OpenAIChatClients
{
    /// <summary>Sent as the bearer token to an <c>openai-compatible</c> server configured without keys; the SDK requires one.</summary>
    public const string NoKeyPlaceholder = "no-key";

    private static readonly Uri OpenAIEndpoint = new("https://api.openai.com/v1");

    /// <summary>The client of model id <paramref name="modelId"/> with <paramref name="key"/>, over <paramref name="http"/>.</summary>
    public static IChatClient Create(ProviderDefinition provider, string modelId, string? key, HttpClient http)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = EndpointOf(provider),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = provider.RequestTimeout + TimeSpan.FromSeconds(30),
            Transport = new HttpClientPipelineTransport(http),
        };
        if (provider.Kind == ProviderKind.AzureOpenAI && key is not null)
        {
            options.AddPolicy(new AzureApiKeyPolicy(key), PipelinePosition.PerCall);
        }

        return new ChatClient(modelId, new ApiKeyCredential(key ?? NoKeyPlaceholder), options).AsIChatClient();
    }

    /// <summary>The base URL requests go to; Azure resources are called through their v1 API, <c>{endpoint}/openai/v1/</c>.</summary>
    public static Uri EndpointOf(ProviderDefinition provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (provider.Kind != ProviderKind.AzureOpenAI)
        {
            return provider.Endpoint ?? OpenAIEndpoint;
        }

        var text = provider.Endpoint!.ToString().TrimEnd('/');
        return text.EndsWith("/openai/v1", StringComparison.OrdinalIgnoreCase) ? new Uri(text + "/") : new Uri(text + "/openai/v1/");
    }

    /// <summary>Azure OpenAI takes the key as the <c>api-key</c> header.</summary>
    private sealed class AzureApiKeyPolicy(string key) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set("api-key", key);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            message.Request.Headers.Set("api-key", key);
            return ProcessNextAsync(message, pipeline, currentIndex);
        }
    }
}
