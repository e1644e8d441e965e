using System.Net;
using RightSize.ModelServer.Tests.TestSupport;

namespace RightSize.ModelServer.Tests;

public sealed class ModelServerHostTests
{
    private static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
        => ModelServerHost.RunAsync(args, _ => null, output, error, cancellationToken);

    [Theory]
    [InlineData(new[] { "--port", "abc" }, "error: --port: 'abc' is not a port")]
    [InlineData(new[] { "serve", "--colour", "red" }, "error: Unrecognized command or argument '--colour'")]
    [InlineData(new[] { "serve", "now", "serve" }, "error: Unrecognized command or argument 'now'")]
    public async Task Invalid_options_print_errors_and_return_2(string[] args, string message)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await RunAsync(args, output, error, CancellationToken.None);

        Assert.Equal(2, exitCode);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task Missing_model_directory_returns_2_without_listening()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await RunAsync(["--port", "0", "--model-dir", "/nonexistent/model"], output, error, CancellationToken.None);

        Assert.Equal(2, exitCode);
        Assert.Contains("model directory '/nonexistent/model' does not exist", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_prints_usage_and_returns_0()
    {
        using var output = new StringWriter();

        Assert.Equal(0, await RunAsync(["--help"], output, TextWriter.Null, CancellationToken.None));
        Assert.Contains("--service-time-ms", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prints_one_listening_line_with_the_real_port_and_stops_on_cancellation()
    {
        var output = new SynchronizedLines();
        using var cancellation = new CancellationTokenSource();

        var run = RunAsync(["serve", "--port", "0", "--model-dir", new GoldenCase("binary-logistic").Directory], output, TextWriter.Null, cancellation.Token);
        var line = await output.WaitForLineAsync(TimeSpan.FromSeconds(20));
        using var client = new HttpClient { BaseAddress = new Uri(line["Listening on ".Length..]) };
        using var ping = await client.GetAsync("/ping");
        await cancellation.CancelAsync();

        Assert.Matches(@"^Listening on http://127\.0\.0\.1:[1-9][0-9]*$", line);
        Assert.NotEqual(HttpStatusCode.NotFound, ping.StatusCode);
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Single(output.Lines);
    }

    [Fact]
    public async Task A_model_that_cannot_be_loaded_stops_the_server_with_exit_code_2()
    {
        using var directory = new TempDirectory();
        directory.Write("model.json", """{"learner": {"objective": {"name": "rank:pairwise"}}}""");
        using var error = new StringWriter();

        // An image may put its options in the entry point and SageMaker appends serve.
        var exitCode = await RunAsync(["--port", "0", "--model-dir", directory.Path, "serve"], TextWriter.Null, error, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(2, exitCode);
        Assert.Contains("model.json' is not a model this server can serve", error.ToString(), StringComparison.Ordinal);
    }
}
