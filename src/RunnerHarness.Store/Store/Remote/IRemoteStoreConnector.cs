namespace RunnerHarness.Store.Remote;

/// <summary>
/// Opens stores in object storage by URL: the seam the RunnerHarness.ObjectStorage assembly implements
/// (<see cref="RemoteStores"/> finds it by name), so a user of local stores never loads the cloud SDKs.
/// </summary>
internal interface IRemoteStoreConnector
{
    /// <summary>
    /// The full path of this machine's mirror folder of <paramref name="url"/> under <paramref name="mirrorRoot"/> (or the
    /// default root when <see langword="null"/>), with the account and endpoint from <paramref name="environment"/>.
    /// Makes no network call.
    /// </summary>
    /// <exception cref="RemoteStoreException">The URL is invalid, or the environment does not say how to reach it.</exception>
    string MirrorOf(string url, string? mirrorRoot, Func<string, string?> environment);

    /// <summary>Opens <paramref name="url"/> for a test host that writes it through its mirror (<see cref="MirrorOf"/>).</summary>
    /// <exception cref="RemoteStoreException">The URL is invalid, or the environment does not say how to reach it.</exception>
    IRemoteStore Open(string url, string? mirrorRoot, Func<string, string?> environment);
}
