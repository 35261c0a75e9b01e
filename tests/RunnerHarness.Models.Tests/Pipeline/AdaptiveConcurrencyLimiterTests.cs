using RunnerHarness.Models.Pipeline;

namespace RunnerHarness.Models.Tests.Pipeline;

public sealed class AdaptiveConcurrencyLimiterTests
{
    [Fact]
    public void OnThrottled_HalvesDownTo1_AndSuccessesGrowItBackToTheMaximumOnly()
    {
        var limiter = new AdaptiveConcurrencyLimiter(8);

        limiter.OnThrottled();
        Assert.Equal(4, limiter.Limit);
        limiter.OnThrottled();
        limiter.OnThrottled();
        limiter.OnThrottled();
        Assert.Equal(1, limiter.Limit);

        // One more allowed after as many successes in a row as the limit: 1, 2, 3, ... 7 successes to reach 8.
        for (var i = 0; i < 1 + 2 + 3 + 4 + 5 + 6 + 7; i++)
        {
            limiter.OnSuccess();
        }

        Assert.Equal(8, limiter.Limit);
        for (var i = 0; i < 100; i++)
        {
            limiter.OnSuccess();
        }

        Assert.Equal(8, limiter.Limit);
    }

    [Fact]
    public async Task AcquireAsync_AtTheLimit_WaitsUntilAPermitIsReturnedOrTheLimitGrows()
    {
        var limiter = new AdaptiveConcurrencyLimiter(2);
        limiter.OnThrottled();
        var held = await limiter.AcquireAsync(CancellationToken.None);

        var waiting = limiter.AcquireAsync(CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        limiter.OnSuccess();
        (await waiting).Dispose();
        held.Dispose();
        Assert.Equal(2, limiter.Limit);
    }

    [Fact]
    public async Task AcquireAsync_Cancelled_GivesItsTurnToTheNextWaiter()
    {
        var limiter = new AdaptiveConcurrencyLimiter(1);
        var held = await limiter.AcquireAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = limiter.AcquireAsync(cancel.Token).AsTask();
        var next = limiter.AcquireAsync(CancellationToken.None).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        held.Dispose();

        (await next).Dispose();
    }
}
