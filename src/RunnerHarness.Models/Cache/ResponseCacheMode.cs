namespace RunnerHarness.Models.Cache;

/// <summary>How model calls use the response cache (<c>RUNNER_HARNESS_MODEL_CACHE</c>).</summary>
public enum ResponseCacheMode
{
    /// <summary><c>off</c>: every call goes to the provider; nothing is read or written.</summary>
    Off,

    /// <summary><c>read-write</c> (the default): a hit is served without a request; a successful answer is stored.</summary>
    ReadWrite,

    /// <summary><c>read-only</c>: a hit is served; a miss goes to the provider and its answer is not stored.</summary>
    ReadOnly,

    /// <summary><c>offline</c>: a hit is served; a miss fails the call with <see cref="ResponseCacheMissException"/>; no request is ever sent.</summary>
    Offline,
}
