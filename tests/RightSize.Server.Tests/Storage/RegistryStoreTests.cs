using RightSize.Server.Storage;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Storage;

/// <summary>The model registry's rows on SQLite and PostgreSQL: version numbers under concurrent registration, client tokens, deletes.</summary>
public sealed class RegistryStoreTests : IClassFixture<PostgresCluster>, IDisposable
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_123);
    private readonly PostgresCluster _postgres;
    private readonly string _sqliteFolder = Path.Combine(Path.GetTempPath(), "rightsize-registry-store-tests", Guid.NewGuid().ToString("N"));

    public RegistryStoreTests(PostgresCluster postgres) => _postgres = postgres;

    public static TheoryData<string> Databases => new() { "sqlite", "postgres" };

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task Concurrent_registrations_get_distinct_numbers_from_1_that_are_never_reused(string database)
    {
        await using var store = await OpenAsync(database);
        Assert.True(await store.AddModelPackageGroupAsync(new StoredModelPackageGroup("g", "arn:g", T0, "{}"), CancellationToken.None));
        Assert.False(await store.AddModelPackageGroupAsync(new StoredModelPackageGroup("g", "arn:other", T0, "{}"), CancellationToken.None));
        Assert.Null(await store.AddModelPackageAsync("missing", null, Package, CancellationToken.None));

        var added = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.AddModelPackageAsync("g", null, Package, CancellationToken.None))));
        Assert.Equal(Enumerable.Range(1, 8), added.Select(p => p!.Version).Order());

        // A repeated client token answers the version it made; the number it would have taken is not spent.
        var first = await store.AddModelPackageAsync("g", "token-1", Package, CancellationToken.None);
        var again = await store.AddModelPackageAsync("g", "token-1", Package, CancellationToken.None);
        Assert.Equal(9, first!.Version);
        Assert.Equal(first, again);

        Assert.True(await store.DeleteModelPackageAsync("g", 9, CancellationToken.None));
        Assert.False(await store.DeleteModelPackageAsync("g", 9, CancellationToken.None));
        Assert.Equal(10, (await store.AddModelPackageAsync("g", null, Package, CancellationToken.None))!.Version);

        var approved = added[0]! with { ApprovalStatus = "Approved", ApprovalDescription = "ok", LastModifiedTime = T0.AddSeconds(5) };
        await store.UpdateModelPackageAsync(approved, CancellationToken.None);
        Assert.Equal(approved, await store.GetModelPackageAsync("g", approved.Version, CancellationToken.None));
        var listed = await store.ListModelPackagesAsync(new RegistryQuery { Group = "g", ApprovalStatus = "Approved", Limit = 10 }, CancellationToken.None);
        Assert.Equal([approved.Version], listed.Select(p => p.Version));
        var page = await store.ListModelPackagesAsync(new RegistryQuery { Group = "g", OrderByName = true, Ascending = true, Offset = 2, Limit = 3 }, CancellationToken.None);
        Assert.Equal([3, 4, 5], page.Select(p => p.Version));

        Assert.Equal(GroupDeletion.HasVersions, await store.DeleteModelPackageGroupAsync("g", CancellationToken.None));
        foreach (var version in new[] { 1, 2, 3, 4, 5, 6, 7, 8, 10 })
        {
            Assert.True(await store.DeleteModelPackageAsync("g", version, CancellationToken.None));
        }

        Assert.Equal(GroupDeletion.Deleted, await store.DeleteModelPackageGroupAsync("g", CancellationToken.None));
        Assert.Equal(GroupDeletion.NotFound, await store.DeleteModelPackageGroupAsync("g", CancellationToken.None));
        Assert.Empty(await store.ListModelPackageGroupsAsync(new RegistryQuery { Limit = 10 }, CancellationToken.None));
    }

    private static StoredModelPackage Package(int version) =>
        new("g", version, $"arn:g/{version}", "PendingManualApproval", null, null, T0.AddSeconds(version), T0.AddSeconds(version), "{}");

    public void Dispose()
    {
        if (Directory.Exists(_sqliteFolder))
        {
            Directory.Delete(_sqliteFolder, recursive: true);
        }
    }

    private async Task<IRecommendationStore> OpenAsync(string database)
    {
        var store = database == "sqlite"
            ? RecommendationStores.Sqlite(Path.Combine(_sqliteFolder, Guid.NewGuid().ToString("N")), TimeProvider.System)
            : RecommendationStores.Postgres(await _postgres.CreateDatabaseAsync(), TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }
}
