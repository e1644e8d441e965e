using RightSize.Server.Storage;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Hosting;

/// <summary>AI jobs a killed server left running are Failed (Stopping ones Stopped) when the next server starts.</summary>
public sealed class AiJobRecoveryTests
{
    [Fact]
    public async Task AI_jobs_left_running_by_a_dead_server_end_Failed_with_the_reason_and_stopping_ones_end_Stopped()
    {
        var created = DateTimeOffset.UtcNow.AddMinutes(-5);
        await using var server = await TestServer.StartAsync(prepare: async data =>
        {
            await using var store = RecommendationStores.Sqlite(data, TimeProvider.System);
            await store.MigrateAsync(CancellationToken.None);
            foreach (var (kind, name, status) in new[]
            {
                (AiResourceKind.BenchmarkJob, "left-running", "InProgress"), (AiResourceKind.RecommendationJob, "left-stopping", "Stopping"),
                (AiResourceKind.BenchmarkJob, "finished", "Completed"),
            })
            {
                await store.AddAiResourceAsync(new StoredAiResource(kind, name, "arn:" + name, status, created, created, null, null, "config", "{}", null),
                    CancellationToken.None);
            }
        });

        // A second reader of the server's SQLite file (WAL lets it read beside the server).
        await using var store = RecommendationStores.Sqlite(Path.Combine(server.Folder, "data"), TimeProvider.System);
        var running = await store.GetAiResourceAsync(AiResourceKind.BenchmarkJob, "left-running", CancellationToken.None);
        var stopping = await store.GetAiResourceAsync(AiResourceKind.RecommendationJob, "left-stopping", CancellationToken.None);
        var finished = await store.GetAiResourceAsync(AiResourceKind.BenchmarkJob, "finished", CancellationToken.None);
        Assert.Equal(("Failed", true), (running!.Status, running.FailureReason!.Contains("the server stopped while the job ran", StringComparison.Ordinal)));
        Assert.NotNull(running.EndTime);
        Assert.Equal(("Stopped", (string?)null), (stopping!.Status, stopping.FailureReason));
        Assert.Equal(("Completed", (DateTimeOffset?)null), (finished!.Status, finished.EndTime));
    }
}
