using RightSize.Cli.Tests.Infrastructure;

namespace RightSize.Cli.Tests.Commands;

/// <summary>`rightsize serve` checks its options before it starts anything: every bad one named, exit code 2, no stack trace.</summary>
public sealed class ServeOptionTests
{
    [Fact]
    public async Task Bad_serve_options_are_all_named_with_exit_code_2_and_nothing_is_created()
    {
        using var cli = new CliRun();

        var exit = await cli.RunAsync("serve", "--urls", "http://127.0.0.1:0", "--data", cli.PathOf("data"), "--max-concurrent-jobs", "0",
            "--endpoint-log-lines", "-1", "--otlp-endpoint", "ftp://127.0.0.1:4317");

        Assert.True(exit == 2, cli.Text);
        Assert.Contains("--max-concurrent-jobs: 0 jobs cannot run", cli.Text, StringComparison.Ordinal);
        Assert.Contains("--endpoint-log-lines: -1 lines", cli.Text, StringComparison.Ordinal);
        Assert.Contains("--otlp-endpoint: 'ftp://127.0.0.1:4317' is not an http:// or https:// address", cli.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", cli.Text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(cli.PathOf("data")), "the store was created although the options were bad");
    }

    [Fact]
    public async Task A_store_that_cannot_be_opened_names_the_option()
    {
        using var cli = new CliRun();
        var blocker = cli.Write("not-a-folder", "a file where the data folder should be");

        var exit = await cli.RunAsync("serve", "--urls", "http://127.0.0.1:0", "--data", blocker);

        Assert.True(exit == 2, cli.Text);
        Assert.Contains("--data: cannot open the store", cli.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", cli.Text, StringComparison.Ordinal);
    }
}
