using System.Text.Json;
using RightSize.Fleet.Tests.Infrastructure;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Fleet.Tests.Placement;

/// <summary>A Default job on a fleet (serve --nats) without SupportedInstanceTypes: its candidates are the endpoint agents' types.</summary>
[Collection(TimingSensitive.Name)]
public sealed class DefaultJobOnFleetTests
{
    [Fact]
    public async Task A_Default_job_tests_the_endpoint_agents_SageMaker_types_two_at_once_and_is_refused_while_no_endpoint_agent_is_registered()
    {
        await using var nats = await NatsServer.StartAsync();
        await using var coordinator = await Coordinator.StartAsync(nats.Url, "--placement-deadline", "60");
        var aws = new AwsCli(coordinator.Url);
        Task<AwsCli.Output> CreateAsync(string name) => aws.SageMakerAsync("create-inference-recommendations-job", "--job-name", name, "--job-type", "Default",
            "--role-arn", TestJobs.RoleArn, "--input-config", """{"ModelName": "synthetic"}""", "--tags", "Key=rightsize:window-seconds,Value=2");

        // No agent yet: the job has no candidate, refused at create naming the field and what to do.
        var refused = await CreateAsync("too-early");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("(ValidationException)", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("InputConfig.ContainerConfig.SupportedInstanceTypes", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("rightsize agent --nats URL --roles endpoint --instance-type", refused.Stderr, StringComparison.Ordinal);

        // Two SageMaker types, each agent also a generator for the other's endpoint; a local profile is never a candidate.
        await using var c5 = RightSizeProcess.Start(["agent", "--nats", nats.Url, "--id", "c5-box", "--instance-type", "ml.c5.large", "--roles", "endpoint,generator"]);
        await using var m5 = RightSizeProcess.Start(["agent", "--nats", nats.Url, "--id", "m5-box", "--instance-type", "ml.m5.large", "--roles", "endpoint,generator"]);
        await using var local = RightSizeProcess.Start(["agent", "--nats", nats.Url, "--id", "local-box", "--instance-type", "local.cpu1", "--roles", "endpoint"]);
        await coordinator.WaitForAgentsAsync(3);

        var created = await CreateAsync("fleet-default");
        Assert.True(created.ExitCode == 0, created.Stderr);
        // Both candidates run at once (two idle endpoint agents, two generators): both steps IN_PROGRESS in one answer.
        var seenTogether = false;
        string? status = null;
        await Poll.UntilAsync(async () =>
        {
            var steps = (await coordinator.StepsAsync("fleet-default")).EnumerateArray().ToList();
            seenTogether |= steps.Count(s => s.GetProperty("Status").GetString() == "IN_PROGRESS") == 2;
            status = (await coordinator.DescribeAsync("fleet-default")).GetProperty("Status").GetString();
            return seenTogether || status is "COMPLETED" or "FAILED" or "STOPPED";
        }, TimeSpan.FromSeconds(120), "both candidates in progress at once");
        Assert.True(seenTogether, $"the job ended {status} without its two candidates in progress at once: {await coordinator.TestsAsync("fleet-default")}");

        Assert.Equal("COMPLETED", await coordinator.WaitForEndAsync("fleet-default", TimeSpan.FromSeconds(180)));
        // The cheaper type first; each on the agent of its type, loaded by the other agent.
        var tests = (await coordinator.TestsAsync("fleet-default")).EnumerateArray().ToList();
        Assert.Equal(["ml.c5.large", "ml.m5.large"], tests.Select(t => t.GetProperty("InstanceType").GetString()));
        foreach (var (test, agent, generator) in new[] { (tests[0], "c5-box", "m5-box"), (tests[1], "m5-box", "c5-box") })
        {
            Assert.True(test.GetProperty("Status").GetString() == "COMPLETED", test.ToString());
            var notes = Coordinator.Notes(test).ToList();
            Assert.Contains(notes, n => n.StartsWith($"endpoint ran on agent {agent} ", StringComparison.Ordinal));
            Assert.Contains(notes, n => n.StartsWith($"load from 1 generator agent(s) other than the endpoint's ({agent})", StringComparison.Ordinal) && n.Contains($"{generator} at ", StringComparison.Ordinal));
        }

        var recommended = (await coordinator.DescribeAsync("fleet-default")).GetProperty("InferenceRecommendations").EnumerateArray()
            .Select(r => r.GetProperty("EndpointConfiguration").GetProperty("InstanceType").GetString()).Order();
        Assert.Equal(["ml.c5.large", "ml.m5.large"], recommended);
    }
}
