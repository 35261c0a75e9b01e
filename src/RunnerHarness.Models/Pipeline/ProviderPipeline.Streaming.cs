using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using RunnerHarness.Models.Configuration;
using RunnerHarness.Models.Usage;

namespace RunnerHarness.Models.Pipeline;

/// <summary>
/// Streaming through the pipeline: the same breaker, key, permits, timeout and retries as a whole answer, up to the
/// stream's first update. A failure before it is an attempt that failed, retried like any other; once the first update
/// was handed to the caller nothing is retried (the caller has read part of an answer a retry would replace), and a
/// failure fails the call clearly with its infrastructure category. The key, the concurrency permit and the attempt
/// timeout are held until the stream ends or the caller abandons it.
/// </summary>
internal sealed partial class ProviderPipeline
{
    /// <summary>Streams one call through the pipeline from the client of the key slot it gets, measuring it into <paramref name="usage"/>.</summary>
    /// <exception cref="ModelProviderException">The provider failed before the first update and retries ran out, or the stream broke after it.</exception>
    public async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(
        ModelDefinition model,
        Func<int, IChatClient> clientForSlot,
        IEnumerable<ChatMessage> messages,
        ChatOptions? options,
        SampleUsage? usage,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var attempts = new StrongBox<int>();
        OpenedStream stream;
        try
        {
            stream = await _retry.ExecuteAsync(
                async token => await SendOnUsableKeyAsync(
                    clientForSlot, (client, hold, timeout) => OpenAsync(client, messages, options, hold, usage, timeout), usage, attempts, token).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderAttemptException ex)
        {
            throw Failed(model, usage, ex, attempts.Value);
        }

        await using (stream.ConfigureAwait(false))
        {
            if (stream.First is null)
            {
                yield break;
            }

            yield return stream.First;
            while (true)
            {
                try
                {
                    if (!await stream.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Exception ex) when (ProviderFailure.From(ex, stream.TimedOut && !cancellationToken.IsCancellationRequested, _time) is { } failure)
                {
                    stream.Broke(failure.IsProviderFault);
                    throw Broken(model, usage, failure, Detail(ex), attempts.Value);
                }

                yield return stream.Current;
            }

            stream.Completed();
        }
    }

    private async ValueTask<OpenedStream> OpenAsync(
        IChatClient client, IEnumerable<ChatMessage> messages, ChatOptions? options, AttemptHold hold, SampleUsage? usage, CancellationToken timeout)
    {
        var measurement = new StreamMeasurement(_time);
        var updates = client.GetStreamingResponseAsync(messages, options, timeout).GetAsyncEnumerator(timeout);
        try
        {
            ChatResponseUpdate? first = null;
            if (await updates.MoveNextAsync().ConfigureAwait(false))
            {
                first = updates.Current;
                measurement.Observe(first);
            }

            hold.KeepOpen();
            return new OpenedStream(updates, first, hold, measurement, usage);
        }
        catch
        {
            await updates.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private ModelProviderException Broken(ModelDefinition model, SampleUsage? usage, ProviderFailure failure, string detail, int attemptCount)
    {
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"RunnerHarness: the streamed answer of the model '{model.Name}' (provider '{Provider.Name}', model id '{model.ModelId}') broke off after its first update " +
            $"had been handed to the test, on attempt {attemptCount}: {failure.Description}{(detail.Length > 0 ? $" ({detail})" : "")}. It is not retried (the test has read " +
            $"part of an answer a retry would replace). Recorded as {failure.Category}: an infrastructure failure, not a model result; the next top-up runs this sample again.");
        usage?.MarkInfrastructureFailure(failure.Category, message);
        return new ModelProviderException(failure.Category, Provider.Name, model.Name, attemptCount, message, null);
    }
}
