using System.Diagnostics;
using System.Net;
using System.Text.Json;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Storage;

/// <summary>Issue #10 item 7: PostgreSQL stops for 20 s in the middle of a job; no window of the job is lost.</summary>
[Collection(TimingSensitive.Name)]
public sealed class StoreOutageTests : IClassFixture<PostgresCluster>
{
    private readonly PostgresCluster _postgres;

    public StoreOutageTests(PostgresCluster postgres) => _postgres = postgres;

    [Fact]
    public async Task Windows_written_while_PostgreSQL_is_down_reach_it_when_it_returns()
    {
        var database = await _postgres.CreateDatabaseAsync();
        await using (var server = await TestServer.StartAsync(o => o with { ConnectionString = database }))
        {
            using var api = new SageMakerHttp(server.Url);
            Assert.Equal(HttpStatusCode.OK, (await api.CallAsync("CreateInferenceRecommendationsJob", TestJobs.Request("outage-job", 40))).Status);
            await Poll.UntilAsync(async () => JsonDocument.Parse(await api.GetAsync("/api/jobs/outage-job/tests/0/windows")).RootElement.GetArrayLength() >= 3,
                TimeSpan.FromSeconds(60), "the first windows");

            await _postgres.StopAsync();
            var down = Stopwatch.StartNew();
            // While the store is down the job says that its results wait (the list answers from the live job).
            await Poll.UntilAsync(async () => UnsavedOf(await api.GetAsync("/api/jobs")) is not null, TimeSpan.FromSeconds(15), "the job to say its results wait");
            Assert.Contains("wait for the store", UnsavedOf(await api.GetAsync("/api/jobs")), StringComparison.Ordinal);
            Assert.Equal("IN_PROGRESS", await api.StatusAsync("outage-job"));
            // The store queue depth reaches /metrics: windows pile up while the store is down.
            await Poll.UntilAsync(async () => Prometheus.Find(await api.GetAsync("/metrics"), "rightsize_store_pending_writes") > 0,
                TimeSpan.FromSeconds(15), "pending store writes at /metrics");
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, 20 - down.Elapsed.TotalSeconds)));
            await _postgres.StartAsync();

            await Poll.UntilAsync(async () => await api.StatusAsync("outage-job") == "COMPLETED", TimeSpan.FromSeconds(90), "outage-job COMPLETED");
            await Poll.UntilAsync(async () => Prometheus.Find(await api.GetAsync("/metrics"), "rightsize_store_pending_writes") == 0,
                TimeSpan.FromSeconds(30), "no pending store writes once the store is back");
            // Stopping the server waits until what the job left is written (the store is up again).
        }

        // Read from PostgreSQL itself: one window per second of the 40 s test, none missing.
        var seconds = await WindowSecondsAsync(database);
        Assert.True(seconds.Count >= 40, $"{seconds.Count} windows stored");
        Assert.Equal(Enumerable.Range(1, seconds.Count), seconds);
    }

    private static string? UnsavedOf(string jobs) =>
        JsonDocument.Parse(jobs).RootElement.EnumerateArray().Single(j => j.GetProperty("JobName").GetString() == "outage-job")
            .TryGetProperty("Unsaved", out var unsaved) ? unsaved.GetString() : null;

    private static async Task<List<int>> WindowSecondsAsync(string database)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT end_second FROM windows WHERE job_name = 'outage-job' AND test_index = 0 ORDER BY end_second", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var seconds = new List<int>();
        while (await reader.ReadAsync())
        {
            seconds.Add((int)reader.GetInt64(0));
        }

        return seconds;
    }
}
