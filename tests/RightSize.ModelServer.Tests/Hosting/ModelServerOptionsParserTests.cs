using RightSize.ModelServer.Hosting;
using RightSize.ModelServer.Tests.TestSupport;

namespace RightSize.ModelServer.Tests.Hosting;

public sealed class ModelServerOptionsParserTests
{
    private static ModelServerOptionsResult Parse(string[] args, params (string Name, string Value)[] environment)
        => ServeArguments.Parse(args, name => environment.FirstOrDefault(e => e.Name == name).Value);

    [Fact]
    public void Defaults_follow_the_sagemaker_container_contract()
    {
        var options = Parse([]).Options!;

        Assert.Equal("127.0.0.1", options.Host);
        Assert.Equal(8080, options.Port);
        Assert.Equal("/opt/ml/model", options.ModelDirectory);
        Assert.Null(options.Synthetic);
        Assert.Equal(TimeSpan.FromSeconds(60), options.InvocationTimeout);
    }

    [Fact]
    public void Environment_sets_port_host_and_synthetic_mode_and_flags_win()
    {
        var fromEnvironment = Parse([], ("SAGEMAKER_BIND_TO_PORT", "9000"), ("RIGHTSIZE_BIND_HOST", "0.0.0.0"),
            ("RIGHTSIZE_SYNTHETIC_SLOTS", "3"), ("RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS", "25"),
            ("RIGHTSIZE_SYNTHETIC_JITTER_MS", "5"), ("RIGHTSIZE_SYNTHETIC_ERROR_RATE", "0.1"),
            ("RIGHTSIZE_SYNTHETIC_STALL_EVERY_MS", "1000"), ("RIGHTSIZE_SYNTHETIC_STALL_MS", "100"),
            ("RIGHTSIZE_SYNTHETIC_STARTUP_DELAY_MS", "500")).Options!;
        var flagsWin = Parse(["--port=9001", "--slots", "5"], ("SAGEMAKER_BIND_TO_PORT", "9000"),
            ("RIGHTSIZE_SYNTHETIC_SLOTS", "3"), ("RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS", "25")).Options!;

        Assert.Equal((9000, "0.0.0.0"), (fromEnvironment.Port, fromEnvironment.Host));
        Assert.Equal(
            new RightSize.ModelServer.Synthetic.SyntheticOptions
            {
                Slots = 3,
                ServiceTime = TimeSpan.FromMilliseconds(25),
                Jitter = TimeSpan.FromMilliseconds(5),
                ErrorRate = 0.1,
                StallEvery = TimeSpan.FromSeconds(1),
                StallDuration = TimeSpan.FromMilliseconds(100),
                StartupDelay = TimeSpan.FromMilliseconds(500),
            },
            fromEnvironment.Synthetic);
        Assert.Equal(9001, flagsWin.Port);
        Assert.Equal(5, flagsWin.Synthetic!.Slots);
        Assert.Equal(200, flagsWin.Synthetic.CapacityPerSecond, 6);
    }

    [Fact]
    public void Mode_variable_can_force_xgboost_despite_synthetic_variables()
    {
        var options = Parse(["--model-dir", "/models/a"], ("RIGHTSIZE_MODEL_SERVER_MODE", "xgboost"), ("RIGHTSIZE_SYNTHETIC_SLOTS", "3"));

        Assert.Null(options.Options!.Synthetic);
        Assert.Equal("/models/a", options.Options.ModelDirectory);
    }

    [Theory]
    [InlineData(new[] { "--port", "http" }, "--port: 'http' is not a port; give 1-65535, or 0 for any free port")]
    [InlineData(new[] { "--port", "70000" }, "--port: '70000' is not a port")]
    [InlineData(new[] { "--port" }, "Required argument missing for option: '--port'")]
    [InlineData(new[] { "--host", "example" }, "--host: 'example' is not an IP address")]
    [InlineData(new[] { "--colour", "red" }, "Unrecognized command or argument '--colour'")]
    [InlineData(new[] { "--synthetic", "--service-time-ms", "20" }, "--slots: synthetic mode needs the number of concurrency slots")]
    [InlineData(new[] { "--synthetic", "--slots", "4" }, "--service-time-ms: synthetic mode needs the service time")]
    [InlineData(new[] { "--slots", "0", "--service-time-ms", "20" }, "--slots: '0' is not a slot count")]
    [InlineData(new[] { "--slots", "2", "--service-time-ms", "-1" }, "--service-time-ms: '-1' is not a duration")]
    [InlineData(new[] { "--slots", "2", "--service-time-ms", "10", "--jitter-ms", "10" }, "--jitter-ms: 10 ms must be less than the service time")]
    [InlineData(new[] { "--slots", "2", "--service-time-ms", "10", "--error-rate", "5" }, "--error-rate: '5' is not a fraction")]
    [InlineData(new[] { "--slots", "2", "--service-time-ms", "10", "--stall-ms", "5" }, "--stall-every-ms and --stall-ms go together")]
    [InlineData(new[] { "--slots", "2", "--service-time-ms", "10", "--stall-every-ms", "100", "--stall-ms", "100" }, "--stall-ms: 100 ms must be less than --stall-every-ms")]
    public void Invalid_options_name_the_option_and_the_fix(string[] args, string message)
    {
        var result = Parse(args);

        Assert.Null(result.Options);
        Assert.Contains(result.Errors, error => error.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_environment_values_name_the_variable()
    {
        var result = Parse([], ("RIGHTSIZE_SYNTHETIC_SLOTS", "many"), ("RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS", "20"));

        Assert.Contains("RIGHTSIZE_SYNTHETIC_SLOTS: 'many' is not a slot count", Assert.Single(result.Errors), StringComparison.Ordinal);
    }
}
