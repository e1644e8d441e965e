namespace RightSize.Workspaces;

/// <summary>Bounds on sample payloads, so a folder or archive cannot exhaust memory.</summary>
public sealed record PayloadLimits
{
    public static PayloadLimits Default { get; } = new();

    public int MaxFiles { get; init; } = 1000;

    /// <summary>
    /// Entries of any kind (files, folders, headers) read from a <c>.tar.gz</c>: folders are not samples, so without
    /// this an archive of 200,000 empty folders would be walked to its end inside the request.
    /// </summary>
    public int MaxArchiveEntries { get; init; } = 10_000;

    /// <summary>SageMaker's real-time invocation payload limit: 6 MB.</summary>
    public long MaxFileBytes { get; init; } = 6 * 1024 * 1024;

    public long MaxTotalBytes { get; init; } = 100 * 1024 * 1024;
}
