using RightSize.Generative;

namespace RightSize.Core.Tests.Generative;

public sealed class StreamClientOptionsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8081/v1/chat/completions", true)]
    [InlineData("http://localhost:8081/v1/chat/completions", true)]
    [InlineData("http://[::1]:8081/invocations", true)]
    [InlineData("http://10.213.0.2:8081/v1/chat/completions", false)]
    [InlineData("https://llm.example.com/v1/completions", false)]
    public void Send_stamps_are_read_only_from_a_server_on_this_host(string url, bool reads)
    {
        // A stamp is on the server host's monotonic clock: from another host, arrival minus stamp would be nonsense.
        Assert.Equal(reads, new StreamClientOptions { Url = new Uri(url) }.ReadsSendStamps);
    }

    [Fact]
    public void Components_are_described_with_the_strategy_that_spreads_requests_over_them()
    {
        var url = new Uri("http://127.0.0.1:8081/v1/chat/completions");
        Assert.Null(new StreamClientOptions { Url = url }.DescribeComponents());
        Assert.Equal("inference components a, b (random)",
            new StreamClientOptions { Url = url, InferenceComponents = ["a", "b"], ModelSelection = ModelSelectionStrategy.Random }.DescribeComponents());
    }
}
