using Microsoft.Extensions.AI;

namespace RunnerHarness.Models;

/// <summary>
/// What an innermost chat client of ours (the provider pipeline's, the simulated model's) answers to
/// <see cref="IChatClient.GetService"/>: its metadata and itself, nothing keyed; the layers above it delegate down to it.
/// </summary>
internal static class ChatClientServices
{
    public static object? Of(IChatClient client, ChatClientMetadata metadata, Type serviceType, object? serviceKey)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? metadata
            : serviceType.IsInstanceOfType(client) ? client
            : null;
    }
}
