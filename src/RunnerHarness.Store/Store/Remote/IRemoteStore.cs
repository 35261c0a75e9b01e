namespace RunnerHarness.Store.Remote;

/// <summary>
/// A store in object storage as a test host writes it: through its local mirror folder (<see cref="MirrorPath"/>, an
/// ordinary local store the <see cref="RecordWriter"/> writes into), synced down before planning and uploaded as files
/// are sealed. Implemented by the RunnerHarness.ObjectStorage assembly, found at run time (<see cref="RemoteStores"/>), so
/// that neither the store nor the core carries the cloud SDKs.
/// </summary>
internal interface IRemoteStore : IDisposable
{
    /// <summary>The store's URL (<c>az://…</c> or <c>s3://…</c>), which never carries a credential.</summary>
    string Url { get; }

    /// <summary>The full path of this machine's mirror folder of the store.</summary>
    string MirrorPath { get; }

    /// <summary>
    /// Downloads into the mirror the sealed files top-up planning reads that it lacks: every summary, and only the data files
    /// without a sound summary (the others are named with their lengths in <see cref="MirrorDataListing"/>, from which the
    /// summary reader counts them); removes the mirror's copies of objects the URL store no longer holds (compacted or migrated away elsewhere), and
    /// uploads the mirror's own sealed files, never synced nor uploaded (what an earlier run on this machine sealed but did
    /// not upload: a killed host's logs, sealed by <see cref="LogRecovery"/>). Returns one line saying what it copied.
    /// </summary>
    /// <exception cref="RemoteStoreException">The store cannot be listed, or a file cannot be copied.</exception>
    string Synchronize(CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="Synchronize"/>, downloading every data file, transcript and summary the mirror lacks: what a reader of
    /// records (not of summaries) needs before it reads the mirror. Returns one line saying what it copied.
    /// </summary>
    /// <exception cref="RemoteStoreException">The store cannot be listed, or a file cannot be copied.</exception>
    string SynchronizeRecords(CancellationToken cancellationToken);

    /// <summary>Asks for the mirror's newly sealed files to be uploaded soon, in the background; returns at once.</summary>
    void RequestUpload();

    /// <summary>
    /// Uploads every sealed file of the mirror that is the machine's own (never synced nor uploaded) and waits until each is there. Returns one
    /// line saying what it uploaded.
    /// </summary>
    /// <exception cref="RemoteStoreException">
    /// A file could not be uploaded (now or by a background upload since the last call): the message names each file and
    /// why; the files stay in the mirror, and the next run on this machine uploads them.
    /// </exception>
    string CompleteUploads(CancellationToken cancellationToken);
}
