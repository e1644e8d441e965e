using RightSize.Cli.Tests.Infrastructure;

namespace RightSize.Cli.Tests.Commands;

/// <summary>Every kind of bad input gets a clear message naming what and where, the right exit code, and no stack trace.</summary>
public sealed class BadInputTests
{
    private static async Task<(int Exit, string Text)> RunJob(string jobJson, string? workspace = null, params string[] extra)
    {
        using var cli = new CliRun();
        cli.Write("rightsize.json", workspace ?? TestJobs.SyntheticWorkspace());
        cli.Write("payloads/row.csv", "1,2,3");
        var job = cli.Write("job.json", jobJson);
        var exit = await cli.RunAsync(["run", job, "--output", cli.PathOf("out"), .. extra]);
        Assert.DoesNotContain("   at ", cli.Text, StringComparison.Ordinal);
        return (exit, cli.Text);
    }

    [Fact]
    public async Task Malformed_json_names_the_line()
    {
        var (exit, text) = await RunJob("{ \"JobName\": \"x\",\n  \"JobType\": }");

        Assert.True(exit == 2, text);
        Assert.Matches("(?i)line", text);
    }

    [Theory]
    [InlineData("\"\\ud800\": 1, ")]
    [InlineData("\"Stairs\": {\"\\udfff\": \"x\"}, ")]
    public async Task A_lone_surrogate_is_a_clear_error_and_exit_2(string member)
    {
        var (exit, text) = await RunJob(TestJobs.Stairs("surrogate").Replace("\"JobName\"", member + "\"JobName\"", StringComparison.Ordinal));

        Assert.True(exit == 2, text);
        Assert.Contains("(member 1)", text, StringComparison.Ordinal);
        Assert.Contains("lone UTF-16 surrogate", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_field_is_named_with_its_path()
    {
        var (exit, text) = await RunJob(TestJobs.Stairs("unknown-field").Replace("\"UsersPerStep\"", "\"Userz\": 1, \"UsersPerStep\"", StringComparison.Ordinal), extra: "--relaxed-validation");

        Assert.True(exit == 2, text);
        Assert.Contains("InputConfig.TrafficPattern.Stairs.Userz", text);
    }

    [Fact]
    public async Task Out_of_range_values_are_all_reported_with_paths_and_ranges()
    {
        var json = TestJobs.Stairs("out-of-range", usersPerStep: 5).Replace("\"MaxParallelOfTests\": 1", "\"MaxParallelOfTests\": 11", StringComparison.Ordinal);

        var (exit, text) = await RunJob(json);

        Assert.True(exit == 2, text);
        Assert.Contains("InputConfig.TrafficPattern.Stairs.UsersPerStep", text);
        Assert.Contains("1-3", text);
        Assert.Contains("InputConfig.TrafficPattern.Stairs.DurationInSeconds", text);
        Assert.Contains("InputConfig.ResourceLimit.MaxParallelOfTests", text);
    }

    [Fact]
    public async Task A_missing_job_file_is_named()
    {
        using var cli = new CliRun();

        var exit = await cli.RunAsync("run", cli.PathOf("nope.json"));

        Assert.True(exit == 2, cli.Text);
        Assert.Contains("nope.json", cli.Text);
    }

    [Fact]
    public async Task An_unknown_model_lists_the_defined_ones()
    {
        var (exit, text) = await RunJob(TestJobs.Stairs("unknown-model").Replace("\"ModelName\": \"synthetic\"", "\"ModelName\": \"nosuchmodel\"", StringComparison.Ordinal), extra: "--relaxed-validation");

        Assert.True(exit == 2, text);
        Assert.Contains("nosuchmodel", text);
        Assert.Contains("synthetic", text);
    }

    [Fact]
    public async Task An_unknown_instance_type_is_named()
    {
        var (exit, text) = await RunJob(TestJobs.Stairs("unknown-type", instanceTypes: "\"ml.c5.huge\""), extra: "--relaxed-validation");

        Assert.True(exit == 2, text);
        Assert.Contains("InputConfig.EndpointConfigurations[0].InstanceType", text);
    }

    [Fact]
    public async Task An_unreachable_endpoint_fails_the_job_with_exit_1_and_a_reason()
    {
        var json = TestJobs.Stairs("unreachable").Replace("\"EndpointConfigurations\": [ { \"InstanceType\": \"local.cpu1\" } ]", "\"JobDurationInSeconds\": 60", StringComparison.Ordinal).Replace("\"ModelName\": \"synthetic\",",
            "\"Endpoints\": [ { \"EndpointName\": \"nothing-listens\" } ], \"ContainerConfig\": { \"PayloadConfig\": { \"SamplePayloadUrl\": \"payloads\" } },", StringComparison.Ordinal);

        var (exit, text) = await RunJob(json, extra: "--relaxed-validation");

        Assert.True(exit == 1, text);
        Assert.Contains("FAILED", text);
        Assert.Contains("127.0.0.1:9", text);
    }

    [Fact]
    public async Task A_model_server_that_fails_to_start_shows_its_log()
    {
        var workspace = TestJobs.SyntheticWorkspace().Replace("\"RIGHTSIZE_SYNTHETIC_SLOTS\": \"4\"", "\"RIGHTSIZE_SYNTHETIC_SLOTS\": \"zero\"", StringComparison.Ordinal);

        var (exit, text) = await RunJob(TestJobs.Stairs("broken-model"), workspace, "--relaxed-validation");

        Assert.True(exit == 1, text);
        Assert.Contains("did not start", text);
        Assert.Contains("RIGHTSIZE_SYNTHETIC_SLOTS", text);
    }

    [Fact]
    public async Task A_bad_window_option_is_invalid_input()
    {
        var (exit, text) = await RunJob(TestJobs.Stairs("bad-window"), null, "--relaxed-validation", "--window", "0");

        Assert.True(exit == 2, text);
        Assert.Contains("--window", text);
    }
}
