using RightSize.Fleet.Nats;

namespace RightSize.Fleet.Tests.Nats;

public sealed class NatsConnectionOptionsTests
{
    [Fact]
    public void Every_mistake_is_named_at_once()
    {
        var errors = new NatsConnectionOptions
        {
            Url = "http://nats:4222",
            User = "coordinator",
            Token = "secret",
            NKeySeedFile = "/nonexistent/seed.nk",
            TlsCertFile = "/nonexistent/cert.pem",
        }.Validate();

        var paths = errors.Select(e => e.Path).ToList();
        Assert.Contains("--nats", paths);
        Assert.Contains("--nats-password", paths);
        Assert.Contains("--nats-nkey", paths);
        Assert.Contains("--nats-key", paths);
        Assert.Contains(errors, e => e.Message.Contains("one way to authenticate", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "--nats-cert" && e.Message.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void A_plain_url_is_valid_and_unauthenticated_while_credentials_make_it_authenticated()
    {
        Assert.Empty(new NatsConnectionOptions { Url = "nats://10.0.0.5:4222" }.Validate());
        Assert.False(new NatsConnectionOptions { Url = "nats://10.0.0.5:4222" }.IsAuthenticated);
        Assert.True(new NatsConnectionOptions { Url = "nats://a:b@10.0.0.5:4222" }.IsAuthenticated);
        Assert.True(new NatsConnectionOptions { User = "a", Password = "b" }.IsAuthenticated);
    }
}
