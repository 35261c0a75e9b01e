namespace RunnerHarness.ObjectStorage.Locations;

/// <summary>Which object storage service a store URL names.</summary>
internal enum StoreLocationKind
{
    /// <summary><c>az://CONTAINER/PREFIX</c>: Azure Blob Storage.</summary>
    AzureBlob,

    /// <summary><c>s3://BUCKET/PREFIX</c>: Amazon S3 or an S3-compatible store.</summary>
    S3,
}
