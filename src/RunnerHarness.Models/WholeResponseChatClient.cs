using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace RunnerHarness.Models;

/// <summary>
/// A chat client that answers every call whole: a streaming call gets the whole response replayed as updates, so a
/// streamed call is cached, limited, retried and scored exactly like any other. Reports <see cref="ChatClientMetadata"/>
/// and itself through <see cref="GetService"/>.
/// </summary>
/// <param name="metadata">What <see cref="GetService"/> returns for <see cref="ChatClientMetadata"/>.</param>
public abstract class WholeResponseChatClient(ChatClientMetadata metadata) : IChatClient
{
    /// <inheritdoc />
    public abstract Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Releases nothing by default: the clients hold no resources of their own.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Override to release resources a derived client owns.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }
}
