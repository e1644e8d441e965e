using RightSize.ModelServer.Onnx;
using RightSize.ModelServer.Tests.TestSupport;

namespace RightSize.ModelServer.Tests.Onnx;

/// <summary>A model.onnx ONNX Runtime cannot run fails the endpoint's setup with the reason, as a crashing container.</summary>
public sealed class OnnxModelSetupTests
{
    [Theory]
    [InlineData("not-onnx", "Protobuf parsing failed")]
    [InlineData("opset-99", "Opset 99 is under development")]
    public async Task A_model_onnx_runtime_cannot_run_stops_the_server_with_the_reason(string name, string reason)
    {
        using var error = new StringWriter();

        var exitCode = await ModelServerHost.RunAsync(
                ["--port", "0", "--model-dir", new OnnxGoldenCase(name).Directory], _ => null, TextWriter.Null, error, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        var message = error.ToString();
        Assert.Contains("model.onnx' cannot be served by ONNX Runtime 1.", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_session_takes_the_thread_count_it_is_given_and_describes_its_inputs()
    {
        var loaded = OnnxModelReader.Load(Path.Combine(new OnnxGoldenCase("transformer-encoder").Directory, "model.onnx"), threads: 1);

        Assert.True(loaded.Succeeded, loaded.Error);
        using var model = loaded.Value;
        Assert.Equal(1, model.Threads);
        Assert.Equal(["input_ids [?, ?] int64", "attention_mask [?, ?] int64"], model.Inputs.Select(i => $"{i.Name} {i.Shape} {i.TypeName}"));
    }

    /// <remarks>
    /// At ONNX Runtime's default (warnings) a container without CA certificates logs "No readable CA bundle was found;
    /// telemetry HTTPS uploads will be unavailable" at start, though telemetry is off.
    /// </remarks>
    [Fact]
    public void Onnx_runtime_logs_only_errors()
    {
        var loaded = OnnxModelReader.Load(Path.Combine(new OnnxGoldenCase("mlp-digits").Directory, "model.onnx"), threads: 1);

        Assert.True(loaded.Succeeded, loaded.Error);
        loaded.Value.Dispose();
        Assert.Equal(Microsoft.ML.OnnxRuntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, Microsoft.ML.OnnxRuntime.OrtEnv.Instance().EnvLogLevel);
    }
}
