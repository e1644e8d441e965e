using RightSize.Core.Tests.Infrastructure;
using RightSize.Load;
using RightSize.Load.Http;

namespace RightSize.Core.Tests.Load.Http;

/// <summary>What every HTTP path owes the engines, run against each of them on a real Kestrel target.</summary>
public abstract class InvokerContractTests
{
    protected static readonly Payload Csv = new("1,2,3"u8.ToArray(), "text/csv");

    protected abstract LoadClient Client { get; }

    private IInvokerFactory Create(Uri target, string method = "POST", TimeSpan? timeout = null) =>
        Invokers.Create(target, method, timeout, Client);

    [Fact]
    public async Task Sends_each_payload_with_its_content_type_and_reads_large_responses()
    {
        await using var target = await TestTarget.StartAsync(new() { ResponseBytes = 1 << 20 });
        var factory = Create(target.InvocationsUri);
        await using var invoker = factory.CreateInvoker();
        var json = new Payload("{\"a\":[1,2]}"u8.ToArray(), "application/json");

        // Each payload's content is built once and reused: send both several times, interleaved.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(InvocationOutcome.Success, await invoker.InvokeAsync(Csv, CancellationToken.None));
            Assert.Equal("text/csv", target.LastContentType);
            Assert.Equal(InvocationOutcome.Success, await invoker.InvokeAsync(json, CancellationToken.None));
            Assert.Equal("application/json", target.LastContentType);
        }

        Assert.Equal(3 * (5 + 11), target.BytesReceived);
    }

    [Fact]
    public async Task An_invoker_sends_every_request_on_one_keep_alive_connection()
    {
        await using var target = await TestTarget.StartAsync();
        await using var invoker = Create(target.InvocationsUri).CreateInvoker();

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(InvocationOutcome.Success, await invoker.InvokeAsync(Csv, CancellationToken.None));
        }

        Assert.Equal(1, target.Connections);
    }

    [Fact]
    public async Task An_invoker_keeps_working_after_a_timeout()
    {
        await using var target = await TestTarget.StartAsync();
        var factory = Create(target.InvocationsUri, timeout: TimeSpan.FromMilliseconds(200));
        await using var invoker = factory.CreateInvoker();
        // A cold first request on a busy machine may itself exceed the short timeout; a few tries warm it up.
        var warm = InvocationOutcome.Timeout;
        for (var i = 0; i < 10 && warm != InvocationOutcome.Success; i++)
        {
            warm = await invoker.InvokeAsync(Csv, CancellationToken.None);
        }

        Assert.Equal(InvocationOutcome.Success, warm);
        target.Stall(TimeSpan.FromSeconds(2));
        Assert.Equal(InvocationOutcome.Timeout, await invoker.InvokeAsync(Csv, CancellationToken.None));
        Assert.Equal(InvocationOutcome.Timeout, await invoker.InvokeAsync(Csv, CancellationToken.None));

        // Once the stall is over, the same invoker (with a fresh timeout source after each expiry) succeeds again.
        await Poll.UntilAsync(() => !target.Stalled, TimeSpan.FromSeconds(5), "the stall to end");
        Assert.Equal(InvocationOutcome.Success, await invoker.InvokeAsync(Csv, CancellationToken.None));
    }

    [Fact]
    public async Task Cancellation_by_the_caller_throws_instead_of_reporting_a_timeout()
    {
        await using var target = await TestTarget.StartAsync(new() { ServiceTime = TimeSpan.FromSeconds(10) });
        var factory = Create(target.InvocationsUri);
        await using var invoker = factory.CreateInvoker();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await invoker.InvokeAsync(Csv, cts.Token));
    }

    [Fact]
    public async Task A_closed_port_is_a_connection_error()
    {
        var factory = Create(TestTarget.ClosedPortUri());
        await using var invoker = factory.CreateInvoker();

        Assert.Equal(InvocationOutcome.ConnectionError, await invoker.InvokeAsync(Csv, CancellationToken.None));
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        var uri = new Uri("http://127.0.0.1:1/");
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(uri, timeout: TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => Create(uri, method: " "));
    }
}

public sealed class SocketInvokerTests : InvokerContractTests
{
    protected override LoadClient Client => LoadClient.Socket;
}

public sealed class HttpClientInvokerTests : InvokerContractTests
{
    protected override LoadClient Client => LoadClient.HttpClient;

    [Theory]
    [InlineData(200, InvocationOutcome.Success)]
    [InlineData(204, InvocationOutcome.Success)]
    [InlineData(302, InvocationOutcome.ClientError)]
    [InlineData(400, InvocationOutcome.ClientError)]
    [InlineData(429, InvocationOutcome.ClientError)]
    [InlineData(500, InvocationOutcome.ServerError)]
    [InlineData(503, InvocationOutcome.ServerError)]
    public void Status_codes_map_to_outcomes(int status, InvocationOutcome outcome) =>
        Assert.Equal(outcome, HttpInvoker.OutcomeOf(status));
}
