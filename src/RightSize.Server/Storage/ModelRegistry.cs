namespace RightSize.Server.Storage;

/// <summary>Where the model registry's groups and package versions outlive the server (the same database as the jobs).</summary>
public interface IModelRegistryStore
{
    /// <summary>False when a group of that name exists.</summary>
    Task<bool> AddModelPackageGroupAsync(StoredModelPackageGroup group, CancellationToken cancellationToken);

    Task<StoredModelPackageGroup?> GetModelPackageGroupAsync(string name, CancellationToken cancellationToken);

    /// <summary>The groups the query selects (its <see cref="RegistryQuery.Group"/> and approval status are ignored).</summary>
    Task<IReadOnlyList<StoredModelPackageGroup>> ListModelPackageGroupsAsync(RegistryQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes the group only when it holds no versions, in one transaction.</summary>
    Task<GroupDeletion> DeleteModelPackageGroupAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Registers the next version of <paramref name="group"/> (numbers count up from 1 and are never reused), built by
    /// <paramref name="build"/> from that number (and kept with <paramref name="clientToken"/>); a version already made with the same client token is answered
    /// instead. Null when the group does not exist.
    /// </summary>
    Task<StoredModelPackage?> AddModelPackageAsync(string group, string? clientToken, Func<int, StoredModelPackage> build, CancellationToken cancellationToken);

    Task<StoredModelPackage?> GetModelPackageAsync(string group, int version, CancellationToken cancellationToken);

    /// <summary>The versions the query selects, in its order (by name means by group, then version).</summary>
    Task<IReadOnlyList<StoredModelPackage>> ListModelPackagesAsync(RegistryQuery query, CancellationToken cancellationToken);

    /// <summary>Replaces the approval, its description, the last-modified time and the request.</summary>
    Task UpdateModelPackageAsync(StoredModelPackage package, CancellationToken cancellationToken);

    /// <summary>False when no such version exists.</summary>
    Task<bool> DeleteModelPackageAsync(string group, int version, CancellationToken cancellationToken);
}

public enum GroupDeletion
{
    Deleted,
    NotFound,
    HasVersions,
}

/// <summary>A group: the create request as sent.</summary>
public sealed record StoredModelPackageGroup(string Name, string Arn, DateTimeOffset CreationTime, string RequestJson);

/// <summary>A package version: the create request as sent (with updates applied), and its approval.</summary>
public sealed record StoredModelPackage(
    string Group,
    int Version,
    string Arn,
    string ApprovalStatus,
    string? ApprovalDescription,
    string? ClientToken,
    DateTimeOffset CreationTime,
    DateTimeOffset LastModifiedTime,
    string RequestJson);

/// <summary>A List operation's filters, order and page; times are exclusive bounds, NameContains ignores case.</summary>
public sealed record RegistryQuery
{
    public string? Group { get; init; }
    public string? NameContains { get; init; }
    public string? ApprovalStatus { get; init; }
    public DateTimeOffset? CreatedAfter { get; init; }
    public DateTimeOffset? CreatedBefore { get; init; }
    public bool OrderByName { get; init; }

    /// <summary>SageMaker's default order is descending.</summary>
    public bool Ascending { get; init; }

    public int Offset { get; init; }
    public required int Limit { get; init; }
}
