using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RightSize.Cli.Tests.Infrastructure;

namespace RightSize.Cli.Tests.Commands;

[Collection(TimingSensitive.Name)]
public sealed class AutoscalingFindPeakTests
{
    [Theory]
    // Slow servers get longer steps: at 40 rps one stall of a busy machine weighs more in a short step.
    [InlineData(4, 20, 200.0, "4")]
    [InlineData(2, 50, 40.0, "4")]
    public async Task Max_rps_is_within_10_percent_of_the_synthetic_servers_capacity(int slots, int serviceTimeMs, double capacity, string stepSeconds)
    {
        await using var server = await ModelServerProcess.StartAsync(
            "--synthetic", "--slots", slots.ToString(CultureInfo.InvariantCulture), "--service-time-ms", serviceTimeMs.ToString(CultureInfo.InvariantCulture));

        await FindPeakAtCapacityAsync(slots, capacity, workspace: null, "--url", server.InvocationsUrl, "--step-seconds", stepSeconds, "--max-users", "16");
    }

    [Fact]
    public async Task A_workspace_model_is_started_on_the_instance_type_measured_and_stopped()
    {
        // 2 slots x 50 ms: 40 requests per second.
        var root = await FindPeakAtCapacityAsync(
            2, 40, TestJobs.SyntheticWorkspace(slots: 2, serviceTimeMs: 50), "--model", "synthetic", "--instance-type", "local.cpu2", "--step-seconds", "3", "--max-users", "8");

        Assert.Equal("model synthetic on local.cpu2", root.GetProperty("Source").GetString());
    }

    /// <summary>
    /// Runs find-peak (JSON) up to three times until MAX_RPS reaches the capacity, and returns the last run's answer.
    /// The reference is measured in the same run: below the slot count a user never queues, so the first step's rate
    /// per user, times the slots, is the capacity this host gives the server now (a busy host stretches every request
    /// alike). Nothing may exceed the nominal capacity, in any run. A stall of the host during the knee's steps can
    /// only lower MAX_RPS or find the knee early, so one of up to three runs must put the knee at the slots or beyond
    /// with MAX_RPS at 90% of the capacity or more; a search that stops short fails all three.
    /// </summary>
    private static async Task<JsonElement> FindPeakAtCapacityAsync(int slots, double capacity, string? workspace, params string[] options)
    {
        var runs = new List<string>();
        var atCapacity = false;
        JsonElement root = default;
        while (runs.Count < 3 && !atCapacity)
        {
            using var cli = new CliRun();
            if (workspace is not null)
            {
                cli.Write("rightsize.json", workspace);
            }

            var exit = await cli.RunAsync(["autoscaling", "find-peak", .. options, "--json"]);

            Assert.True(exit == 0, cli.Text);
            using var json = JsonDocument.Parse(cli.Out.ToString());
            root = json.RootElement.Clone();
            var maxRps = root.GetProperty("MaxRps").GetDouble();
            var first = root.GetProperty("Steps")[0];
            Assert.True(first.GetProperty("Users").GetInt32() < slots, cli.Out.ToString());
            Assert.True(maxRps <= capacity * 1.1, $"MAX_RPS {maxRps} beats the capacity {capacity}: {cli.Out}");
            Assert.Equal(Math.Round(maxRps * 0.5 * 60, 2), root.GetProperty("TargetValue").GetDouble(), 0.01);
            var measuredCapacity = slots * first.GetProperty("Rps").GetDouble() / first.GetProperty("Users").GetInt32();
            var peakUsers = root.GetProperty("Steps")[root.GetProperty("PeakStep").GetInt32()].GetProperty("Users").GetInt32();
            atCapacity = maxRps >= Math.Min(capacity, measuredCapacity) * 0.9 && peakUsers >= slots;
            runs.Add(FormattableString.Invariant($"measured capacity {measuredCapacity:0.#}, knee at {peakUsers} users: {cli.Out}"));
        }

        Assert.True(atCapacity, string.Join("\n", runs));
        return root;
    }

    [Fact]
    public async Task Cancelling_stops_the_model_it_started()
    {
        using var cli = new CliRun();
        cli.Write("rightsize.json", TestJobs.SyntheticWorkspace());
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        var exit = await cli.RunAsync(cancel.Token, "autoscaling", "find-peak", "--model", "synthetic", "--instance-type", "local.cpu1", "--step-seconds", "30");

        Assert.Equal(1, exit);
        Assert.Contains("stopped", cli.Text, StringComparison.Ordinal);
        Assert.Empty(AutoscalingSimulateTests.ModelServerChildren());
    }

    [Fact]
    public async Task Json_has_the_documented_shape_and_botocore_accepts_both_requests()
    {
        await using var server = await ModelServerProcess.StartAsync("--synthetic", "--slots", "2", "--service-time-ms", "10");
        using var cli = new CliRun();

        var exit = await cli.RunAsync(
            "autoscaling", "find-peak", "--url", server.InvocationsUrl, "--step-seconds", "1", "--max-users", "8", "--safety-factor", "0.4",
            "--min-rpm", "1000", "--max-rpm", "50000", "--endpoint-name", "shop", "--variant-name", "blue", "--scale-in-cooldown", "600", "--json");

        Assert.True(exit == 0, cli.Text);
        using var json = JsonDocument.Parse(cli.Out.ToString());
        var root = json.RootElement;
        Assert.Equal(0.4, root.GetProperty("SafetyFactor").GetDouble());
        var step = root.GetProperty("Steps")[0];
        foreach (var field in new[] { "Users", "Rps", "SuccessRate", "P50Ms", "P95Ms", "P99Ms" })
        {
            Assert.True(step.TryGetProperty(field, out _), field);
        }

        // The knee with its reasons; on a busy host the 1 s steps may show none up to 8 users, which the note then says.
        if (root.TryGetProperty("Knee", out var knee))
        {
            Assert.NotEmpty(knee.GetProperty("Reasons").EnumerateArray());
        }
        else
        {
            Assert.Contains("no knee up to 8 users", root.GetProperty("Note").GetString(), StringComparison.Ordinal);
        }

        var register = root.GetProperty("RegisterScalableTarget");
        Assert.Equal("endpoint/shop/variant/blue", register.GetProperty("ResourceId").GetString());
        Assert.Equal("sagemaker:variant:DesiredInstanceCount", register.GetProperty("ScalableDimension").GetString());
        var policy = root.GetProperty("PutScalingPolicy");
        var config = policy.GetProperty("TargetTrackingScalingPolicyConfiguration");
        Assert.Equal(root.GetProperty("TargetValue").GetDouble(), config.GetProperty("TargetValue").GetDouble());
        Assert.Equal(600, config.GetProperty("ScaleInCooldown").GetInt32());
        Assert.Equal(300, config.GetProperty("ScaleOutCooldown").GetInt32());
        Assert.Equal("SageMakerVariantInvocationsPerInstance", config.GetProperty("PredefinedMetricSpecification").GetProperty("PredefinedMetricType").GetString());

        Assert.Equal("ok", await BotocoreValidateAsync("RegisterScalableTarget", register.GetRawText()));
        Assert.Equal("ok", await BotocoreValidateAsync("PutScalingPolicy", policy.GetRawText()));
    }

    [Fact]
    public async Task Botocore_rejects_a_broken_body_so_the_validation_means_something()
    {
        var result = await BotocoreValidateAsync("PutScalingPolicy", """{ "PolicyName": "p", "ServiceNamespace": "sagemaker", "PolicyType": "TargetTrackingScaling" }""");

        Assert.Contains("ResourceId", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_output_gives_max_rps_from_the_recommendations_per_instance_max_invocations()
    {
        using var cli = new CliRun();
        cli.Write("out/describe.json", Describe);

        var exit = await cli.RunAsync("autoscaling", "find-peak", "--job-output", cli.PathOf("out"), "--recommendation-id", "rec-2", "--json");

        Assert.True(exit == 0, cli.Text);
        using var json = JsonDocument.Parse(cli.Out.ToString());
        // 3600 per minute over 3 instances: 1200 per instance per minute, 20 per second.
        Assert.Equal(20, json.RootElement.GetProperty("MaxRps").GetDouble());
        Assert.Equal(600, json.RootElement.GetProperty("TargetValue").GetDouble());
        Assert.Empty(json.RootElement.GetProperty("Steps").EnumerateArray());
    }

    [Fact]
    public async Task Job_output_of_a_real_run_gives_max_rps_and_its_peak_window()
    {
        using var cli = new CliRun();
        cli.Write("rightsize.json", TestJobs.SyntheticWorkspace(slots: 2, serviceTimeMs: 50));
        var job = cli.Write("job.json", TestJobs.Stairs("peak-job", seconds: 4, steps: 2, usersPerStep: 1));
        Assert.True(await cli.RunAsync("run", job, "--relaxed-validation", "--output", cli.PathOf("out")) == 0, cli.Text);

        var exit = await cli.RunAsync("autoscaling", "find-peak", "--job-output", cli.PathOf("out"), "--json");

        Assert.True(exit == 0, cli.Text);
        using var json = JsonDocument.Parse(cli.Out.ToString());
        var maxRps = json.RootElement.GetProperty("MaxRps").GetDouble();
        // The job's own answer, per instance and per second; never above the 40/s its 2 slots x 50 ms can serve (how
        // close it comes is the host's call, checked where the job is measured).
        using var describe = JsonDocument.Parse(File.ReadAllText(cli.PathOf("out", "describe.json")));
        var recommendation = describe.RootElement.GetProperty("InferenceRecommendations")[0];
        var perInstance = recommendation.GetProperty("Metrics").GetProperty("MaxInvocations").GetDouble()
            / recommendation.GetProperty("EndpointConfiguration").GetProperty("InitialInstanceCount").GetInt32();
        Assert.Equal(perInstance / 60, maxRps, 0.01);
        Assert.InRange(maxRps, 1, 44);
        var window = Assert.Single(json.RootElement.GetProperty("Steps").EnumerateArray());
        Assert.Equal(maxRps, window.GetProperty("Rps").GetDouble(), 0.5);
        Assert.InRange(window.GetProperty("P95Ms").GetDouble(), 49, 500);
        Assert.Equal(0, json.RootElement.GetProperty("PeakStep").GetInt32());
    }

    [Theory]
    [InlineData("--safety-factor", "1.5")]
    [InlineData("--percentile", "p42")]
    [InlineData("--model", "m")]
    [InlineData("--endpoint-url", "http://127.0.0.1:8080")]
    [InlineData("--recommendation-id", "r")]
    public async Task Bad_input_exits_2_naming_the_option(string option, string value)
    {
        using var cli = new CliRun();

        var exit = await cli.RunAsync("autoscaling", "find-peak", "--url", "http://127.0.0.1:9/invocations", option, value);

        Assert.Equal(2, exit);
        Assert.Contains(option == "--model" ? "exactly one" : option, cli.Text, StringComparison.Ordinal);
    }

    /// <summary>Runs botocore's own parameter validator on a request body: "ok", or its error message.</summary>
    internal static async Task<string> BotocoreValidateAsync(string operation, string body)
    {
        const string script = """
            import json, sys
            import botocore.session
            from botocore.validate import validate_parameters
            model = botocore.session.get_session().get_service_model('application-autoscaling')
            try:
                validate_parameters(json.load(sys.stdin), model.operation_model(sys.argv[1]).input_shape)
                print('ok')
            except Exception as e:
                print(e)
            """;
        var info = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(operation);
        using var python = Process.Start(info)!;
        await python.StandardInput.WriteAsync(body);
        python.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = await python.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = await python.StandardError.ReadToEndAsync(timeout.Token);
        await python.WaitForExitAsync(timeout.Token);
        return python.ExitCode == 0 ? output.Trim() : $"python3 failed: {error}";
    }

    private const string Describe = """
        {
          "JobName": "j", "JobType": "Default", "JobArn": "arn:aws:sagemaker:us-east-1:123456789012:inference-recommendations-job/j",
          "RoleArn": "arn:aws:iam::123456789012:role/r", "Status": "COMPLETED", "CreationTime": 1, "LastModifiedTime": 2,
          "InputConfig": { "ModelName": "m" },
          "InferenceRecommendations": [
            { "RecommendationId": "rec-1", "Metrics": { "MaxInvocations": 6000 },
              "EndpointConfiguration": { "EndpointName": "e1", "VariantName": "v", "InstanceType": "ml.c5.xlarge", "InitialInstanceCount": 1 },
              "ModelConfiguration": {} },
            { "RecommendationId": "rec-2", "Metrics": { "MaxInvocations": 3600 },
              "EndpointConfiguration": { "EndpointName": "e2", "VariantName": "v", "InstanceType": "ml.m5.large", "InitialInstanceCount": 3 },
              "ModelConfiguration": {} }
          ]
        }
        """;
}
