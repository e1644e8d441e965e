using NATS.Client.Core;
using RightSize.Fleet.Generation;
using RightSize.Fleet.Tests.Infrastructure;
using RightSize.Load;

namespace RightSize.Fleet.Tests.Generation;

/// <summary>Generators' CPU travels with their buckets over a real nats-server; the coordinator keeps each second's busiest.</summary>
public sealed class GeneratorCpuTests
{
    [Fact]
    public async Task The_run_takes_each_seconds_busiest_generator_from_the_bucket_headers()
    {
        await using var nats = await NatsServer.StartAsync();
        await using var connection = new NatsConnection(new NatsOpts { Url = nats.Url });
        var run = new FleetRun(connection, "cpu", ["gen-a", "gen-b"], TimeProvider.System, progress: null);
        await using var reports = await connection.SubscribeCoreAsync<byte[]>(GenerationSubjects.Run("cpu"));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var collect = run.CollectAsync(reports, DateTimeOffset.UtcNow.AddSeconds(30), deadline.Token);

        // Second 0: gen-b is the busier; second 1: gen-a; second 2: gen-b sends no CPU (an older agent), gen-a does.
        (int Index, int Second, double? Percent)[] sent = [(0, 0, 40), (1, 0, 91.5), (0, 1, 88), (1, 1, 20), (0, 2, 30), (1, 2, null)];
        foreach (var (index, second, percent) in sent)
        {
            var headers = percent is { } p ? GeneratorCpuHeaders.For(p, 1.5) : null;
            await connection.PublishAsync(GenerationSubjects.Bucket("cpu", index), SecondBucketCodec.Encode(new SecondBucket(second)), headers: headers);
        }

        foreach (var index in (int[])[0, 1])
        {
            var done = new GeneratorDone { RunId = "cpu", Index = index, AgentId = index == 0 ? "gen-a" : "gen-b", SecondsSent = 3 };
            await connection.PublishAsync(GenerationSubjects.Done("cpu", index), System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(done, GenerationJsonContext.Default.GeneratorDone));
        }

        await collect;
        Assert.False(deadline.IsCancellationRequested);
        Assert.Equal(new GeneratorCpu("gen-b", 91.5, 1.5), run.BusiestIn(0));
        Assert.Equal(new GeneratorCpu("gen-a", 88, 1.5), run.BusiestIn(1));
        Assert.Equal(new GeneratorCpu("gen-a", 30, 1.5), run.BusiestIn(2));
        Assert.True(double.IsNaN(run.BusiestIn(3).Percent));
    }
}
