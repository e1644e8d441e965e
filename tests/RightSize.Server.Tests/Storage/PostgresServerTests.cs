using System.Net;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Storage;

/// <summary>The whole server on PostgreSQL (--db): a job runs, and a restarted server still answers for it.</summary>
[Collection(TimingSensitive.Name)]
public sealed class PostgresServerTests : IClassFixture<PostgresCluster>
{
    private readonly PostgresCluster _postgres;

    public PostgresServerTests(PostgresCluster postgres) => _postgres = postgres;

    [Fact]
    public async Task A_job_on_PostgreSQL_completes_and_outlives_the_server()
    {
        var database = await _postgres.CreateDatabaseAsync();
        await using (var server = await TestServer.StartAsync(o => o with { ConnectionString = database }))
        {
            Assert.Equal("PostgreSQL", server.Server.Report.Store);
            using var api = new SageMakerHttp(server.Url);
            Assert.Equal(HttpStatusCode.OK, (await api.CallAsync("CreateInferenceRecommendationsJob", TestJobs.Request("pg-job", 2))).Status);
            await Poll.UntilAsync(async () => await api.StatusAsync("pg-job") == "COMPLETED", TimeSpan.FromSeconds(60), "pg-job COMPLETED");
        }

        await using var again = await TestServer.StartAsync(o => o with { ConnectionString = database });
        using var reader = new SageMakerHttp(again.Url);
        Assert.Equal("COMPLETED", await reader.StatusAsync("pg-job"));
        Assert.Equal("COMPLETED", (await reader.StepsAsync("pg-job"))[0].GetProperty("Status").GetString());
        Assert.NotEqual("[]", await reader.GetAsync("/api/jobs/pg-job/tests/0/windows"));
    }
}
