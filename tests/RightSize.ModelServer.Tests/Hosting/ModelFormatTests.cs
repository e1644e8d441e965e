using System.Net;
using RightSize.ModelServer.Hosting;
using RightSize.ModelServer.Tests.TestSupport;

namespace RightSize.ModelServer.Tests.Hosting;

/// <summary>
/// The container's Image, passed as --xgboost or --onnx (or RIGHTSIZE_MODEL_SERVER_MODE in a Docker image), decides how
/// the model is served; a folder without that model's file fails setup, as a crashing container, naming the image and
/// the file it expected.
/// </summary>
public sealed class ModelFormatTests
{
    [Fact]
    public async Task Builtin_xgboost_on_a_folder_holding_only_model_onnx_fails_setup_naming_the_image_and_the_file()
    {
        var (exitCode, error) = await RunAsync(["--xgboost", "--model-dir", new OnnxGoldenCase("mlp-digits").Directory]);

        Assert.Equal(2, exitCode);
        Assert.Contains("Image builtin:xgboost (--xgboost) serves an XGBoost model", error, StringComparison.Ordinal);
        Assert.Contains("holds model.onnx and no model.json or xgboost-model", error, StringComparison.Ordinal);
        Assert.Contains("use Image builtin:onnx to serve model.onnx", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Builtin_onnx_on_an_xgboost_folder_fails_setup_naming_the_image_and_the_file()
    {
        var (exitCode, error) = await RunAsync(["--model-dir", new GoldenCase("reg-logistic").Directory], ("RIGHTSIZE_MODEL_SERVER_MODE", "onnx"));

        Assert.Equal(2, exitCode);
        Assert.Contains("Image builtin:onnx (--onnx) serves model.onnx with ONNX Runtime", error, StringComparison.Ordinal);
        Assert.Contains("has no model.onnx (found: expected.csv, input.csv, model.json)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Builtin_onnx_serves_model_onnx_and_builtin_xgboost_the_xgboost_model_beside_it()
    {
        using var directory = new TempDirectory();
        File.Copy(Path.Combine(new OnnxGoldenCase("mlp-digits").Directory, "model.onnx"), Path.Combine(directory.Path, "model.onnx"));
        File.Copy(Path.Combine(new GoldenCase("reg-logistic").Directory, "model.json"), Path.Combine(directory.Path, "model.json"));

        await using var onnx = await TestServer.StartReadyAsync("--onnx", "--model-dir", directory.Path);
        await using var xgboost = await TestServer.StartReadyAsync("--xgboost", "--model-dir", directory.Path);
        using var fromOnnx = await onnx.InvokeAsync(string.Join(',', Enumerable.Repeat("0", 64)), "text/csv");
        using var fromXgboost = await xgboost.InvokeAsync(File.ReadAllLines(Path.Combine(new GoldenCase("reg-logistic").Directory, "input.csv"))[0], "text/csv");

        // Ten class probabilities from the MLP on 64 pixels; one number from the 10-feature XGBoost regression.
        Assert.Equal(HttpStatusCode.OK, fromOnnx.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fromXgboost.StatusCode);
        Assert.Equal(10, (await fromOnnx.Content.ReadAsStringAsync()).Trim().Split(',').Length);
        Assert.Single((await fromXgboost.Content.ReadAsStringAsync()).Trim().Split(','));
    }

    [Theory]
    [InlineData(new[] { "--onnx" }, new string[0], "Onnx")]
    [InlineData(new[] { "--xgboost" }, new[] { "RIGHTSIZE_MODEL_SERVER_MODE", "onnx" }, "Xgboost")]
    [InlineData(new string[0], new[] { "RIGHTSIZE_MODEL_SERVER_MODE", "onnx" }, "Onnx")]
    [InlineData(new[] { "--onnx" }, new[] { "RIGHTSIZE_SYNTHETIC_SLOTS", "4" }, "Onnx")]
    [InlineData(new string[0], new string[0], "Any")]
    public void The_flag_wins_over_the_environment(string[] args, string[] variable, string format)
    {
        var options = ServeArguments.Parse(args, name => variable.Length == 2 && variable[0] == name ? variable[1] : null).Options!;

        Assert.Equal(Enum.Parse<ModelFormat>(format), options.Format);
        Assert.Null(options.Synthetic);
    }

    [Fact]
    public void Both_flags_or_a_flag_with_a_synthetic_mode_are_refused()
    {
        Assert.Contains(ServeArguments.Parse(["--xgboost", "--onnx"], _ => null).Errors,
            error => error.StartsWith("--xgboost and --onnx exclude each other", StringComparison.Ordinal));
        Assert.Contains(ServeArguments.Parse(["--onnx", "--synthetic"], _ => null).Errors,
            error => error.StartsWith("--onnx serves a model file and the synthetic modes serve none", StringComparison.Ordinal));
    }

    private static async Task<(int ExitCode, string Error)> RunAsync(string[] args, params (string Name, string Value)[] environment)
    {
        using var error = new StringWriter();
        var exitCode = await ModelServerHost.RunAsync(
                [.. args, "--port", "0"], name => environment.FirstOrDefault(e => e.Name == name).Value, TextWriter.Null, error, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));
        return (exitCode, error.ToString());
    }
}
