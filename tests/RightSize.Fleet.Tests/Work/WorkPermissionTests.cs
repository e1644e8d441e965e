using System.Text;
using System.Text.Json;
using NATS.Client.Core;
using RightSize.Fleet.Agents;
using RightSize.Fleet.Tests.Infrastructure;
using RightSize.Fleet.Work;

namespace RightSize.Fleet.Tests.Work;

[Collection(TimingSensitive.Name)]
public sealed class WorkPermissionTests
{
    /// <summary>The server config docs/fleet.md gives: only the coordinator's user may publish work.</summary>
    private const string Config = """
        authorization {
          users = [
            { user: coordinator, password: coordinator-secret }
            { user: agent, password: agent-secret, permissions: { publish: { deny: ["rightsize.agent.*.work.>"] } } }
            { user: intruder, password: intruder-secret, permissions: { publish: { deny: ["rightsize.agent.*.work.>"] } } }
          ]
        }
        """;

    [Fact]
    public async Task Work_from_another_user_never_reaches_the_agent_while_the_coordinators_does()
    {
        await using var nats = await NatsServer.StartAsync(Config);
        await using var agent = RightSizeProcess.Start(
            ["agent", "--nats", nats.Url, "--nats-user", "agent", "--id", "worker", "--instance-type", "ml.c5.large", "--roles", "endpoint"],
            environment: new Dictionary<string, string> { ["RIGHTSIZE_NATS_PASSWORD"] = "agent-secret" });
        await using var coordinator = new NatsConnection(new NatsOpts { Url = nats.Url, AuthOpts = new NatsAuthOpts { Username = "coordinator", Password = "coordinator-secret" } });
        await using var intruder = new NatsConnection(new NatsOpts { Url = nats.Url, AuthOpts = new NatsAuthOpts { Username = "intruder", Password = "intruder-secret" } });
        var registry = AgentRegistry.Open(coordinator);
        await Poll.UntilAsync(async () => agent.HasExited || await RegisteredAsync(registry, "worker"), TimeSpan.FromSeconds(60), "the agent to register");
        Assert.False(agent.HasExited, agent.Output);

        var work = JsonSerializer.SerializeToUtf8Bytes(new StartEndpointWork
        {
            EndpointName = "intruded",
            ModelJson = """{"ModelName": "m", "PrimaryContainer": {"Image": "builtin:synthetic"}}""",
            InstanceType = "ml.c5.large",
            Environment = new Dictionary<string, string> { ["RIGHTSIZE_SYNTHETIC_SLOTS"] = "2", ["RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS"] = "5" },
            ProbeBody = Encoding.UTF8.GetBytes("1,2,3"),
            ProbeContentType = "text/csv",
        }, FleetJsonContext.Default.StartEndpointWork);

        // The server refuses the intruder's publish, so no agent ever answers and nothing starts.
        await Assert.ThrowsAnyAsync<NatsException>(async () => await intruder.RequestAsync<byte[], byte[]>(
            WorkSubjects.StartEndpoint("worker"), work, replyOpts: new NatsSubOpts { Timeout = TimeSpan.FromSeconds(3) }));
        Assert.True(nats.Log.Contains("Publish Violation", StringComparison.Ordinal), nats.Log);
        Assert.Null((await registry.GetAsync("worker", CancellationToken.None))!.CurrentWork);

        // The same work from the coordinator starts an endpoint on the agent, which the agent then stops on request.
        var answer = await coordinator.RequestAsync<byte[], byte[]>(WorkSubjects.StartEndpoint("worker"), work,
            replyOpts: new NatsSubOpts { Timeout = TimeSpan.FromSeconds(60) });
        var reply = JsonSerializer.Deserialize(answer.Data, FleetJsonContext.Default.EndpointStartedReply)!;
        Assert.True(reply.InvocationsUrl is not null, reply.FailureReason);
        Assert.Equal("endpoint intruded", (await registry.GetAsync("worker", CancellationToken.None))!.CurrentWork);
        var stop = await coordinator.RequestAsync<byte[], byte[]>(WorkSubjects.StopEndpoint("worker"),
            JsonSerializer.SerializeToUtf8Bytes(new StopEndpointWork("intruded"), FleetJsonContext.Default.StopEndpointWork),
            replyOpts: new NatsSubOpts { Timeout = TimeSpan.FromSeconds(30) });
        Assert.True(JsonSerializer.Deserialize(stop.Data, FleetJsonContext.Default.StopEndpointReply)!.Stopped);

        // load --fleet takes the credentials as flags too: a wrong password is refused by the server, the right one
        // connects (and then finds no generator agent among the fleet's, only the endpoint agent).
        string[] load = ["load", "http://127.0.0.1:9/invocations", "--fleet", nats.Url, "--nats-user", "coordinator", "-d", "1s"];
        var (refusedExit, refused) = await RightSizeProcess.RunAsync([.. load, "--nats-password", "wrong"]);
        Assert.NotEqual(0, refusedExit);
        Assert.Contains("Authorization Violation", refused, StringComparison.OrdinalIgnoreCase);
        var (connectedExit, connected) = await RightSizeProcess.RunAsync([.. load, "--nats-password", "coordinator-secret"]);
        Assert.NotEqual(0, connectedExit);
        Assert.Contains("0 agent(s) with the generator role are registered", connected, StringComparison.Ordinal);
    }

    /// <summary>
    /// Whether the agent's entry is there yet. Right after the agent creates the registry's bucket, a direct get can find
    /// no responder for a moment (the stream is still being set up); that is "not yet", as the coordinator treats it.
    /// </summary>
    private static async Task<bool> RegisteredAsync(IAgentRegistry registry, string id)
    {
        try
        {
            return await registry.GetAsync(id, CancellationToken.None) is not null;
        }
        catch (NatsException)
        {
            return false;
        }
    }
}
